namespace DownstreamApi.Model;

// DownstreamApi's contract, compiled into FrontApi too (FrontApi.csproj): FrontApi returns todos as DownstreamApi sends them.

/// <summary>A user's todo, as stored and as returned by the API.</summary>
public sealed record TodoItem(Guid Id, string Title, bool IsComplete, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
