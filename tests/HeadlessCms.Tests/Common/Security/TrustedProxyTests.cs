using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Common.Security;

/// <summary>
/// X-Forwarded-For names the client only when the request comes from a listed proxy (KnownProxies 10.9.9.9,
/// KnownNetworks 10.8.0.0/16 in this fixture); from anywhere else it is ignored, so rotating it buys nothing. Observed
/// through the key-guessing throttle (3 failures per window here), which counts per client address.
/// </summary>
public abstract class TrustedProxyTests(CmsApiFixture fx)
{
    private const int Failures = 3;
    private static int next;

    private static string NewClient() => $"198.19.{Interlocked.Increment(ref next)}.1";

    private HttpClient Via(string proxy, string forwardedFor, string key)
    {
        var client = fx.From(proxy, key);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    private static string WrongKey() => $"hcms_{Guid.NewGuid():N}";

    [Theory]
    [InlineData("10.9.9.9")]
    [InlineData("10.8.200.3")]
    public async Task Through_a_trusted_proxy_each_forwarded_client_is_counted_on_its_own(string proxy)
    {
        var guesser = NewClient();
        for (var i = 0; i < Failures; i++)
        {
            await Via(proxy, guesser, WrongKey()).GetAsync("/api/v1/tags").ExpectUnauthorized();
        }

        await Via(proxy, guesser, WrongKey()).GetAsync("/api/v1/tags").ExpectProblem(HttpStatusCode.TooManyRequests);

        // The proxy itself and the other clients behind it are not throttled...
        await Via(proxy, NewClient(), CmsApiFixture.AdminKey).GetAsync("/api/v1/api-keys").Expect(HttpStatusCode.OK);
        await fx.From(proxy, CmsApiFixture.AdminKey).GetAsync("/api/v1/api-keys").Expect(HttpStatusCode.OK);

        // ...and the guesser is the same client when it comes in directly.
        await fx.From(guesser, CmsApiFixture.AdminKey).GetAsync("/api/v1/api-keys").ExpectProblem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task From_an_untrusted_address_a_rotated_forwarded_for_is_ignored()
    {
        var untrusted = NewClient();
        for (var i = 0; i < Failures; i++)
        {
            await Via(untrusted, NewClient(), WrongKey()).GetAsync("/api/v1/tags").ExpectUnauthorized();
        }

        await Via(untrusted, NewClient(), CmsApiFixture.AdminKey).GetAsync("/api/v1/api-keys").ExpectProblem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_client_cannot_prepend_its_own_entry_through_a_trusted_proxy()
    {
        // The proxy appends the address it saw; only that right-most entry is believed.
        var guesser = NewClient();
        for (var i = 0; i < Failures; i++)
        {
            await Via("10.9.9.9", $"{NewClient()}, {guesser}", WrongKey()).GetAsync("/api/v1/tags").ExpectUnauthorized();
        }

        await Via("10.9.9.9", guesser, WrongKey()).GetAsync("/api/v1/tags").ExpectProblem(HttpStatusCode.TooManyRequests);
    }
}

public static class ProxySetup
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Cms:RequireIfMatch"] = "false",
        ["Cms:KeyGuessing:FailuresPerWindow"] = "3",
        ["Cms:ForwardedHeaders:KnownProxies:0"] = "10.9.9.9",
        ["Cms:ForwardedHeaders:KnownNetworks:0"] = "10.8.0.0/16",
    };
}

public sealed class ProxiedSqliteFixture : SqliteFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => ProxySetup.Settings;
}

public sealed class ProxiedPostgresFixture : PostgresFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => ProxySetup.Settings;
}

public sealed class TrustedProxyTestsOnSqlite(ProxiedSqliteFixture fx) : TrustedProxyTests(fx), IClassFixture<ProxiedSqliteFixture>;

public sealed class TrustedProxyTestsOnPostgres(ProxiedPostgresFixture fx) : TrustedProxyTests(fx.OrSkip()), IClassFixture<ProxiedPostgresFixture>;

/// <summary>Without Cms:ForwardedHeaders nothing is trusted, not even loopback: X-Forwarded-For changes nothing.</summary>
public abstract class UntrustedForwardingTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Without_known_proxies_forwarded_for_is_ignored_even_from_loopback()
    {
        for (var i = 0; i < 20; i++)
        {
            var client = fx.From("127.0.0.1", $"hcms_{Guid.NewGuid():N}");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            await client.GetAsync("/api/v1/tags").ExpectUnauthorized();
        }

        var last = fx.From("127.0.0.1", CmsApiFixture.AdminKey);
        last.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.200");
        await last.GetAsync("/api/v1/api-keys").ExpectProblem(HttpStatusCode.TooManyRequests);
    }
}

public sealed class UntrustedForwardingTestsOnSqlite(SqliteFixture fx) : UntrustedForwardingTests(fx), IClassFixture<SqliteFixture>;

public sealed class UntrustedForwardingTestsOnPostgres(PostgresFixture fx) : UntrustedForwardingTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
