namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Redis server run from the machine's own <c>redis-server</c> binary, for machines without a container runtime.
/// It offers the same connection string shape as Aspire's Redis container (<c>host:port,password=...</c>, the default
/// user's), so <c>WithReference</c>/<c>WaitFor</c> and the client integration work the same way.
/// </summary>
public sealed class RedisServerResource(string name, string executablePath, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, executablePath, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public EndpointReference Endpoint => _endpoint ??= new EndpointReference(this, EndpointName);

    /// <summary>The default user's password.</summary>
    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.HostAndPort)},password={Password}");
}
