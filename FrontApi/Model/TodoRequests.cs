using System.ComponentModel.DataAnnotations;

namespace FrontApi.Model;

// The same rules as DownstreamApi, checked here first so an invalid body never costs a token exchange.
// Nullable members so that a missing field is a 400 validation problem naming it, not a JSON deserialization error.

public sealed class CreateTodoRequest
{
    [Required, StringLength(TodoLimits.MaxTitleLength, MinimumLength = 1)]
    public string? Title { get; init; }

    public bool? IsComplete { get; init; }
}

public sealed class UpdateTodoRequest
{
    [Required, StringLength(TodoLimits.MaxTitleLength, MinimumLength = 1)]
    public string? Title { get; init; }

    [Required]
    public bool? IsComplete { get; init; }
}

public static class TodoLimits
{
    public const int MaxTitleLength = 200;
}
