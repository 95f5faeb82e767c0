using System.ClientModel;
using BotHq.Plugins;
using BotHq.Plugins.AI;
using BotHq.Plugins.Samples.AgentHost;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenAI;

// An agent that uses the hello plugin's tools and context. Offline by default: a scripted chat client plays the model.
// With AgentHost:Endpoint and AgentHost:ApiKey (and optionally AgentHost:Model) in configuration, such as
//   AgentHost__Endpoint=https://api.openai.com/v1 AgentHost__ApiKey=sk-... dotnet run --project samples/BotHq.Plugins.Samples.AgentHost
// it asks a real OpenAI-compatible model instead.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Error);   // more: Logging__LogLevel__Default=Information
var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
builder.Services.AddBotHqPlugins(options =>
{
    options.HostVersion = "1.0.0";
    options.PluginsDirectory = Path.Combine(AppContext.BaseDirectory, "sample-plugins");   // the hello plugin, built with this sample
    options.DatabasePath = Path.Combine(home, ".bot-hq", "agent-host", "plugins.db");
    options.KeyDirectory = Path.Combine(home, ".bot-hq", "agent-host", "keys");
}).AddAITools();

using var host = builder.Build();
await host.StartAsync();
try
{
    var runtime = host.Services.GetRequiredService<IPluginRuntime>();
    var catalog = host.Services.GetRequiredService<IPluginToolCatalog>();

    // A real host asks its user for the credential; the hello server only reports whether it arrived.
    await runtime.SetCredentialsAsync("hello", new Dictionary<string, string?> { ["HELLO_TOKEN"] = "agent-host-sample" });
    await runtime.SetEnabledAsync("hello", true);

    var tools = await catalog.GetToolsAsync();
    Console.WriteLine($"Plugin tools: {string.Join(", ", tools.Select(t => t.Name))}");

    var model = CreateModel(builder.Configuration);
    var task = new TaskHookData { Id = "task-1", WorkspaceId = "workspace-1", Title = "Add two numbers", State = "in-progress" };
    var context = new PluginAgentContextProvider(runtime, (run, _) => ValueTask.FromResult<PluginAgentRun?>(new PluginAgentRun
    {
        Agent = new AgentHookData
        {
            SessionId = "session-1",
            WorkspaceId = task.WorkspaceId,
            TaskId = task.Id,
            Status = !run.Completed ? "running" : run.Failure is null ? "completed" : "failed",
        },
        Task = task,
    }), catalog);
    var agent = model.AsAIAgent(new ChatClientAgentOptions
    {
        Name = "agent-host",
        ChatOptions = new ChatOptions { Instructions = "You are a careful assistant. Use the tools you are given; do not compute yourself." },
        AIContextProviders = [context],
    });

    var session = await agent.CreateSessionAsync();
    var question = "What is 2 + 40? Use the add tool.";
    Console.WriteLine($"User: {question}");
    var response = await agent.RunAsync(question, session);
    Console.WriteLine($"Agent: {response.Text}");

    var notes = await runtime.GetStores("hello").TaskData.GetAsync<System.Text.Json.JsonElement>(task.Id);
    Console.WriteLine($"The hello plugin's notes on {task.Id}: {notes}");
    return 0;
}
finally
{
    await host.StopAsync();   // stops the hello plugin's MCP server; no child process is left
}

static IChatClient CreateModel(IConfiguration configuration)
{
    var endpoint = configuration["AgentHost:Endpoint"];
    var apiKey = configuration["AgentHost:ApiKey"];
    if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(apiKey))
    {
        Console.WriteLine("Model: a scripted stand-in (set AgentHost:Endpoint and AgentHost:ApiKey for a real one)");
        return new ScriptedModel(Console.Out);
    }

    var name = configuration["AgentHost:Model"] is { Length: > 0 } configured ? configured : "gpt-4o-mini";
    Console.WriteLine($"Model: {name} at {endpoint}");
    return new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions { Endpoint = new Uri(endpoint) })
        .GetChatClient(name)
        .AsIChatClient();
}
