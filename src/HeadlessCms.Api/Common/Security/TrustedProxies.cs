using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace HeadlessCms.Api.Common.Security;

/// <summary>
/// Behind a reverse proxy the connection's address is the proxy's. X-Forwarded-For names the client, but anyone can
/// send it, so it is honoured only from the proxies listed in Cms:ForwardedHeaders:KnownProxies (addresses) and
/// KnownNetworks (CIDR ranges); with neither set it is ignored entirely (not even loopback is trusted). The address it
/// yields is what reader limits, client identity and the key-guessing throttle count against.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "Cms:ForwardedHeaders";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var (proxies, networks) = Read(configuration);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // One hop: the trusted proxy's own entry, the right-most. Entries a client wrote before it are not believed.
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address; a no-op without trusted proxies.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, IConfiguration configuration)
    {
        var (proxies, networks) = Read(configuration);
        return proxies.Count + networks.Count == 0 ? app : app.UseForwardedHeaders();
    }

    /// <summary>Parses the lists; a value that is not an address or a CIDR range stops the start, naming the setting.</summary>
    public static (List<IPAddress> Proxies, List<IPNetwork> Networks) Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = new List<IPAddress>();
        foreach (var (key, value) in Values(section.GetSection("KnownProxies")))
        {
            proxies.Add(IPAddress.TryParse(value, out var address)
                ? address
                : throw new InvalidOperationException($"{Section}:KnownProxies:{key} is '{value}', which is not an IP address."));
        }

        var networks = new List<IPNetwork>();
        foreach (var (key, value) in Values(section.GetSection("KnownNetworks")))
        {
            networks.Add(IPNetwork.TryParse(value, out var network)
                ? network
                : throw new InvalidOperationException(
                    $"{Section}:KnownNetworks:{key} is '{value}', which is not a CIDR range such as 10.0.0.0/8 or fd00::/8."));
        }

        return (proxies, networks);
    }

    private static IEnumerable<(string Key, string Value)> Values(IConfigurationSection list) =>
        list.GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => (c.Key, c.Value!.Trim()));
}
