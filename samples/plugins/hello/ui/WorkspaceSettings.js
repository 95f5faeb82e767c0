// Settings of the hello plugin per workspace (plugin.json: ui.workspaceSettings); rendered by the host.
export default function WorkspaceSettings({ workspace }) {
  const element = document.createElement("p");
  element.textContent = `The hello plugin has no settings of its own for ${workspace.name}.`;
  return element;
}
