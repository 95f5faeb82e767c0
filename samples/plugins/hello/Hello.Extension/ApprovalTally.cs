namespace Hello.Extension;

/// <summary>What the hello plugin keeps for each workspace (in its workspace data): how its approvals went.</summary>
/// <param name="Created">Approvals created.</param>
/// <param name="Accepted">Approvals accepted.</param>
/// <param name="Rejected">Approvals rejected.</param>
public sealed record ApprovalTally(int Created, int Accepted, int Rejected);
