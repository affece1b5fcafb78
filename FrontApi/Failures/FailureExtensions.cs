namespace FrontApi.Failures;

public static class FailureExtensions
{
    /// <summary>Failures of the identity platform and of the downstream APIs answered as <see cref="FailureClassifier"/> decides.</summary>
    public static IHostApplicationBuilder AddFailureProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UserChallenge>();
        builder.Services.AddExceptionHandler<FailureProblemDetails>();
        return builder;
    }
}
