namespace FrontApi.Model;

/// <summary>A todo, as DownstreamApi returns it.</summary>
public sealed record TodoItem(Guid Id, string Title, bool IsComplete, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
