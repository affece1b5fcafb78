using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EntraEmulator.Options;

/// <summary>
/// Development only: <c>EntraEmulator:LoadTestUsers=N</c> adds N numbered users <c>user001</c>…, UPN
/// <c>user001@aspireobo.dev</c>, password <c>user001-dev-password</c>, object id derived from the name (stable across
/// runs), so load tests can act as many distinct users without listing them in configuration.
/// </summary>
public sealed class LoadTestUsers(IConfiguration configuration) : IPostConfigureOptions<EntraEmulatorOptions>
{
    public const string CountKey = $"{EntraEmulatorOptions.SectionName}:LoadTestUsers";
    public const int MaxCount = 999;

    public void PostConfigure(string? name, EntraEmulatorOptions options)
    {
        var count = Math.Clamp(configuration.GetValue(CountKey, 0), 0, MaxCount);
        for (var number = 1; number <= count; number++)
        {
            var userName = UserName(number);
            options.Users.TryAdd(userName, new UserOptions
            {
                ObjectId = ObjectIdOf(userName),
                DisplayName = $"Load test user {number}",
                UserPrincipalName = $"{userName}@aspireobo.dev",
                Password = $"{userName}-dev-password",
            });
        }
    }

    public static string UserName(int number) => "user" + number.ToString("000", CultureInfo.InvariantCulture);

    private static string ObjectIdOf(string userName) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"AspireObo load test user {userName}"))[..16]).ToString("D");
}
