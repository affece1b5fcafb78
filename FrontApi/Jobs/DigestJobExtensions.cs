namespace FrontApi.Jobs;

public static class DigestJobExtensions
{
    /// <summary>Digest jobs: their limits (<c>DigestJobs</c>), Redis store, the round runner, and the worker that runs due rounds on every replica.</summary>
    public static IHostApplicationBuilder AddDigestJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DigestJobOptions>()
            .BindConfiguration(DigestJobOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<JobsMetrics>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobWorkerIdentity>();
        builder.Services.AddScoped<DigestJobRunner>();
        builder.Services.AddScoped<DigestJobStarter>();
        builder.Services.AddHostedService<DigestJobWorker>();
        return builder;
    }
}
