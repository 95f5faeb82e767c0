namespace BotHq.Plugins.Samples.ConsoleHost.Demo;

/// <summary>The host objects the demo fires hooks and runs actions with: one workspace, one task, an agent, two approvals.</summary>
internal static class DemoData
{
    /// <summary>The demo's workspace.</summary>
    public static readonly WorkspaceInfo Workspace = new() { Id = "demo-workspace", Name = "Demo workspace", RepoPath = "/srv/demo" };

    /// <summary>The demo's task, as created.</summary>
    public static readonly TaskHookData Task = new()
    {
        Id = "demo-task-1",
        WorkspaceId = Workspace.Id,
        Title = "Say hello to the plugins",
        Description = "Created by the BotHq.Plugins demo",
        State = "todo",
        Priority = 2,
    };

    /// <summary>The task once an agent picked it up.</summary>
    public static readonly TaskHookData StartedTask = Task with { State = "in-progress", BranchName = "demo/say-hello" };

    /// <summary>The agent session working on the task.</summary>
    public static readonly AgentHookData Agent = new() { SessionId = "demo-session-1", WorkspaceId = Workspace.Id, TaskId = Task.Id, Status = "running" };

    /// <summary>The approval the agent's work asks for.</summary>
    public static readonly ApprovalHookData Approval = new()
    {
        Id = "demo-approval-1",
        TaskId = Task.Id,
        WorkspaceId = Workspace.Id,
        BranchName = "demo/say-hello",
        BaseBranch = "main",
        CommitMessages = ["Add a greeting", "Say it politely"],
        Status = "pending",
    };

    /// <summary>A second approval, which the demo rejects.</summary>
    public static readonly ApprovalHookData SecondApproval = Approval with { Id = "demo-approval-2", CommitMessages = ["Shout the greeting"] };
}
