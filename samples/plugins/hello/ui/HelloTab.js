// The hello plugin's tab. BotHq.Plugins only validates and reports this path (plugin.json: ui.tabs[].component);
// how a component is loaded and rendered is the host's contract. This one is an ES module exporting a function
// that receives what the host passes (the plugin's name and settings) and returns the element to show.
export default function HelloTab({ plugin, settings }) {
  const element = document.createElement("section");
  element.textContent = `${settings.greeting ?? "Hello"} from ${plugin}`;
  return element;
}
