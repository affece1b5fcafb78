using System.ComponentModel.DataAnnotations;

namespace FrontApi.Jobs;

/// <summary>The digest jobs' limits (<c>DigestJobs</c> section), validated at start.</summary>
public sealed class DigestJobOptions
{
    public const string SectionName = "DigestJobs";

    /// <summary>
    /// Unfinished jobs one user (tenant + object id) may have at once; one more is answered 429 with Retry-After. Each job
    /// holds a long-running session (a refresh token in Redis) and a place in the due queue every replica polls, so without
    /// a bound one user could fill both for everyone.
    /// </summary>
    [Range(1, 1000, ErrorMessage = $"'{SectionName}:MaxActiveJobsPerUser' must be between 1 and 1000.")]
    public int MaxActiveJobsPerUser { get; set; } = 10;

    /// <summary>
    /// How long one round may keep failing temporarily (an identity platform throttling, Redis or DownstreamApi away) before
    /// the job is <c>Failed</c>, counted from when the round became due; the job states it (<c>roundDeadline</c>). Retries
    /// within it wait what the failing service asked (<c>Retry-After</c>), at least a back-off of 2, 4, 8… up to 30 s.
    /// Default 15 minutes: longer than a Redis restart, a deployment or an identity platform's throttling window.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = $"'{SectionName}:RoundDeadline' must be between 1 second and 1 day.")]
    public TimeSpan RoundDeadline { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Rounds one replica runs at once (each waits mostly on the identity platform and DownstreamApi).</summary>
    [Range(1, 256, ErrorMessage = $"'{SectionName}:MaxConcurrentRounds' must be between 1 and 256.")]
    public int MaxConcurrentRounds { get; set; } = 8;
}
