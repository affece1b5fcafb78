namespace DownstreamApi.Authorization;

/// <summary>
/// Which Conditional Access authentication context guards a sensitive operation (<c>AuthenticationContexts</c>): the id
/// (<c>c1</c> … <c>c99</c>) the tenant declares, with a policy (MFA) on it. Empty: the operation needs nothing beyond
/// its scope. The AppHost sets <c>DeleteTodo</c> = <c>c1</c> with the emulator; for a tenant, declare the context and
/// its policy first (Microsoft Learn, "Developers' guide to Conditional Access authentication context").
/// </summary>
public sealed class AuthenticationContextOptions
{
    public const string SectionName = "AuthenticationContexts";

    /// <summary>The context deleting a todo requires, e.g. <c>c1</c>.</summary>
    [System.ComponentModel.DataAnnotations.RegularExpression("^c([1-9]|[1-9][0-9])$", ErrorMessage = "An authentication context id is c1 to c99.")]
    public string? DeleteTodo { get; set; }
}
