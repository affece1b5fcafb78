using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AspireObo.SystemTests.Infrastructure;

/// <summary>
/// The EntraEmulator's development second factor, read where a developer reads it: the one-time code it writes to its
/// console log (the identity resource's logs in the dashboard) for a sign-in that needs multi-factor authentication,
/// next to the sign-in reference the code page shows.
/// </summary>
public static partial class OneTimeCodes
{
    /// <summary>The sign-in reference on the emulator's code page (the second step of a sign-in).</summary>
    public static string ReferenceOnPage(string html) =>
        ReferenceOnCodePage().Match(html) is { Success: true } match
            ? match.Groups["reference"].Value
            : throw new InvalidOperationException("The page shows no sign-in reference: it is not the emulator's code page.");

    /// <summary>The code the emulator logged for the sign-in with <paramref name="reference"/>.</summary>
    public static async Task<string> ForSignInAsync(RunningSystem system, string reference, CancellationToken cancellationToken)
    {
        var logs = system.App.Services.GetRequiredService<ResourceLoggerService>();
        var emulator = await system.App.ResourceNotifications.WaitForResourceHealthyAsync("identity", cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var batch in logs.WatchAsync(emulator.ResourceId).WithCancellation(timeout.Token))
        {
            foreach (var line in batch)
            {
                if (LoggedCode().Match(line.Content) is { Success: true } match && match.Groups["reference"].Value == reference)
                {
                    return match.Groups["code"].Value;
                }
            }
        }

        throw new OperationCanceledException("The emulator's log stream ended without the one-time code.");
    }

    [GeneratedRegex("Multi-factor sign-in for \\S+ \\(sign-in (?<reference>[0-9A-F]{4})\\): one-time code (?<code>[0-9]{6})")]
    private static partial Regex LoggedCode();

    [GeneratedRegex("<strong id=\"sign-in-reference\">(?<reference>[0-9A-F]{4})</strong>")]
    private static partial Regex ReferenceOnCodePage();
}
