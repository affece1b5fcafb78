using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EntraEmulator.Faults;
using EntraEmulator.Model;
using EntraEmulator.Protocol;

namespace EntraEmulator.ConditionalAccess;

/// <summary>
/// The emulator's one Conditional Access policy: "this user needs multi-factor authentication for this resource"
/// (<c>EntraEmulator:Users:{name}:MfaRequiredFor</c>). A token request for the resource whose user's sign-in had no
/// second factor fails as Entra fails it: <c>invalid_grant</c>, AADSTS50076, and a <c>claims</c> challenge naming the
/// policy (<c>capolids</c>). In an OBO exchange the sign-in is the one behind the assertion (sealed in its <c>aio</c>). In
/// development the policy can also be switched on for a user at run time (<see cref="EmulatorFaults.RequireMfa"/>).
/// </summary>
public sealed class ConditionalAccessPolicy(TenantDirectory directory, EmulatorFaults runtime)
{
    public EntraError? Evaluate(UserIdentity user, RegisteredApplication resource) =>
        RequiresMultiFactor(user.ObjectId, resource) && !user.DidMultiFactorAuthentication
            ? EntraError.MfaRequired(resource.ClientId, Challenge(resource))
            : null;

    public bool RequiresMultiFactor(string userObjectId, RegisteredApplication resource) =>
        directory.FindUserByObjectId(userObjectId)?.MfaRequiredFor.Contains(resource.Name, StringComparer.OrdinalIgnoreCase) == true
        || runtime.RequiresMfa(userObjectId, resource.Name);

    /// <summary>The claims request a client must send back when it signs the user in again.</summary>
    private static string Challenge(RegisteredApplication resource) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["access_token"] = new Dictionary<string, object>
            {
                ["capolids"] = new Dictionary<string, object> { ["essential"] = true, ["values"] = new[] { PolicyId(resource) } },
            },
        });

    /// <summary>A stable policy id per resource, as a real tenant's policy object id would be.</summary>
    private static string PolicyId(RegisteredApplication resource) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes("mfa-policy:" + resource.ClientId))).ToString("D");
}
