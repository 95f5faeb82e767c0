// Buttons on a task's page (plugin.json: ui.taskActions); each runs one of the plugin's task actions by id.
export default function TaskActions({ actions, run }) {
  const element = document.createElement("div");
  for (const action of actions) {
    const button = document.createElement("button");
    button.textContent = action.label;
    button.title = action.description ?? "";
    button.addEventListener("click", () => run(action.id));
    element.append(button);
  }
  return element;
}
