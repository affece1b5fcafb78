using Microsoft.AspNetCore.Authorization;
using Microsoft.Identity.Web;

namespace ServiceDefaults.Identity;

public static class NamedUserPolicy
{
    /// <summary>
    /// The caller's token names its user: a tenant (<c>tid</c>) and an object id (<c>oid</c>). Both APIs key what they keep
    /// for a user (todos, jobs, cached tokens' owners) by the two, and two tokens without them would name the same nobody.
    /// </summary>
    public static AuthorizationPolicyBuilder RequireNamedUser(this AuthorizationPolicyBuilder policy) =>
        policy.RequireAssertion(context => context.User.GetTenantId() is { Length: > 0 } && context.User.GetObjectId() is { Length: > 0 });
}
