using System.Text.Json.Serialization;

namespace FrontApi.Model;

[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>Accepted; its first round has not run yet.</summary>
    Pending,

    /// <summary>At least one round done, more to come.</summary>
    Running,

    Succeeded,

    /// <summary>The user's sign-in behind the job was revoked or has expired: the user must sign in again and start a new job.</summary>
    SignInRequired,

    /// <summary>Stopped by an error that retrying did not cure.</summary>
    Failed,
}

/// <summary>One round's digest of the user's todos.</summary>
/// <param name="Worker">The FrontApi process that ran the round (an opaque id per process): any replica may run any round.</param>
public sealed record TodoDigest(int Round, DateTimeOffset At, int Total, int Open, int Completed, string? OldestOpenTitle, string Worker);
