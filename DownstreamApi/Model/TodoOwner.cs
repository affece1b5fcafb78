using System.Security.Claims;
using Microsoft.Identity.Web;

namespace DownstreamApi.Model;

/// <summary>
/// Whose todos these are: the user's object id within their tenant, both taken from the validated token,
/// never from the request. Every store operation is scoped to one owner, so another user's ids simply do not exist.
/// </summary>
public sealed record TodoOwner(string TenantId, string ObjectId)
{
    public static TodoOwner? FromPrincipal(ClaimsPrincipal user) =>
        user.GetTenantId() is { Length: > 0 } tenantId && user.GetObjectId() is { Length: > 0 } objectId
            ? new TodoOwner(tenantId, objectId)
            : null;

    /// <summary>
    /// Lets endpoints take a <see cref="TodoOwner"/> parameter. The authorization policies already require
    /// <c>tid</c> and <c>oid</c>, so a missing owner here is a wiring mistake, not a client error.
    /// </summary>
    public static ValueTask<TodoOwner> BindAsync(HttpContext context) =>
        ValueTask.FromResult(FromPrincipal(context.User)
            ?? throw new InvalidOperationException("The endpoint must require an authorization policy that demands 'tid' and 'oid'."));
}
