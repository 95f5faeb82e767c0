// A badge beside each task (plugin.json: ui.taskBadge): shows how many notes the plugin keeps for the task.
export default function TaskBadge({ taskData }) {
  const element = document.createElement("span");
  element.textContent = `hello: ${taskData?.notes?.length ?? 0}`;
  return element;
}
