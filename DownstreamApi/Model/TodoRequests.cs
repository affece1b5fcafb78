using System.ComponentModel.DataAnnotations;

namespace DownstreamApi.Model;

// DownstreamApi's contract, compiled into FrontApi too (FrontApi.csproj): one definition of the rules, checked by
// FrontApi first so that an invalid body never costs a token exchange, and by DownstreamApi again for any other caller.
// Nullable members so that a missing field is a 400 validation problem naming it, not a JSON deserialization error.

public sealed class CreateTodoRequest
{
    [Required, StringLength(TodoLimits.MaxTitleLength, MinimumLength = 1)]
    [RegularExpression(TodoLimits.TitlePattern, ErrorMessage = TodoLimits.TitleCharactersMessage)]
    public string? Title { get; init; }

    public bool? IsComplete { get; init; }
}

public sealed class UpdateTodoRequest
{
    [Required, StringLength(TodoLimits.MaxTitleLength, MinimumLength = 1)]
    [RegularExpression(TodoLimits.TitlePattern, ErrorMessage = TodoLimits.TitleCharactersMessage)]
    public string? Title { get; init; }

    [Required]
    public bool? IsComplete { get; init; }
}

public static class TodoLimits
{
    public const int MaxTitleLength = 200;

    /// <summary>
    /// A title is one line of text: no control characters (NUL, ESC and its terminal sequences, DEL, C1; also tab and
    /// line breaks), no line or paragraph separator (U+2028, U+2029: line breaks to Unicode, JavaScript and many
    /// viewers), and no bidirectional control — overrides and embeddings (U+202A–U+202E), isolates (U+2066–U+2069) or
    /// marks (U+200E, U+200F, U+061C) — which reorder what a reader sees. Spaces and any other Unicode text (accents,
    /// emoji with joiners) are fine.
    /// </summary>
    public const string TitlePattern = @"^[^\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]*$";

    public const string TitleCharactersMessage =
        "The Title field must be one line of text, without control characters (tab, line breaks, escape sequences), line or paragraph separators, or bidirectional controls.";
}
