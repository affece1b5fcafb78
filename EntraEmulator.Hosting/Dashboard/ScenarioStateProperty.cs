using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;

namespace EntraEmulator.Hosting.Dashboard;

/// <summary>
/// What a dashboard command switched on, shown as a highlighted property of its resource ("Scenario": "Throttled…"),
/// back to "normal" when it is cleared or heals by itself. Properties, not the resource's State: DCP owns State, and
/// Aspire's health checks and WaitFor depend on it.
/// </summary>
public sealed class ScenarioStateProperty(IResource resource, string name = ScenarioStateProperty.DefaultName)
{
    public const string DefaultName = "entra-emulator.scenario";
    public const string Normal = "normal";

    private int _generation;

    /// <summary>Shows <paramref name="text"/>; after <paramref name="healsAfter"/>, "normal" again unless something newer was shown.</summary>
    public async Task ShowAsync(ResourceNotificationService notifications, string text, TimeSpan? healsAfter = null)
    {
        var generation = Interlocked.Increment(ref _generation);
        await PublishAsync(notifications, text);
        if (healsAfter is { } after)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(after);
                if (Volatile.Read(ref _generation) == generation)
                {
                    await PublishAsync(notifications, Normal);
                }
            });
        }
    }

    public Task ClearAsync(ResourceNotificationService notifications) => ShowAsync(notifications, Normal);

    /// <summary>Whether a snapshot shows something other than "normal" (for the commands' enabled state).</summary>
    public bool IsActiveIn(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(property => property.Name == name)?.Value is string value && value != Normal;

    private async Task PublishAsync(ResourceNotificationService notifications, string text)
    {
        // Every replica of the resource (Aspire resolves the instances).
        await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
        {
            Properties = [.. snapshot.Properties.Where(property => property.Name != name),
                new ResourcePropertySnapshot(name, text) { DisplayName = "Scenario", IsHighlighted = true }],
        });
    }
}
