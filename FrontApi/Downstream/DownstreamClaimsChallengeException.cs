namespace FrontApi.Downstream;

/// <summary>
/// DownstreamApi refused the OBO token with a claims challenge (401, <c>WWW-Authenticate: Bearer ... claims="..."</c>,
/// e.g. Continuous Access Evaluation or a Conditional Access step-up): only the user, signing in again with these
/// claims, can satisfy it (a new OBO exchange with them was tried first, or this is a job's session). FrontApi/Failures
/// passes it on: a claims challenge (401) to a caller that handles them, a 403 challenge to any other.
/// </summary>
public sealed class DownstreamClaimsChallengeException(IReadOnlyCollection<string> scopes, string claims)
    : Exception("DownstreamApi asked for a stronger authentication (claims challenge).")
{
    /// <summary>The scopes of the refused token.</summary>
    public IReadOnlyCollection<string> Scopes { get; } = scopes;

    /// <summary>The claims asked for (JSON).</summary>
    public string Claims { get; } = claims;
}
