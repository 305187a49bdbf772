using System.Net;
using HeadlessCms.Api.Features.Comments;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessCms.Tests.Features.Comments;

public sealed class ClientIdentityTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 23, 0, 0, TimeSpan.Zero));

    private ClientIdentity Identity(string secret = "secret") =>
        new(Options.Create(new CommentOptions { ClientSecret = secret }), clock);

    [Fact]
    public void The_same_client_has_the_same_hash_all_day_and_a_new_one_the_next_day()
    {
        var identity = Identity();
        var ip = IPAddress.Parse("203.0.113.7");
        var today = identity.Of(ip, "Browser/1");
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(today, identity.Of(ip, "Browser/1"));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.NotEqual(today, identity.Of(ip, "Browser/1"));
    }

    [Fact]
    public void Address_agent_and_secret_all_tell_clients_apart_and_the_address_is_not_in_the_hash()
    {
        var identity = Identity();
        var hash = identity.Of(IPAddress.Parse("203.0.113.7"), "Browser/1");
        Assert.NotEqual(hash, identity.Of(IPAddress.Parse("203.0.113.8"), "Browser/1"));
        Assert.NotEqual(hash, identity.Of(IPAddress.Parse("203.0.113.7"), "Browser/2"));
        Assert.NotEqual(hash, Identity("another secret").Of(IPAddress.Parse("203.0.113.7"), "Browser/1"));
        Assert.DoesNotContain("203", hash);
        Assert.Equal(43, hash.Length);
    }

    [Fact]
    public void Ipv6_clients_are_one_client_per_64_network_and_mapped_ipv4_is_ipv4()
    {
        var identity = Identity();
        Assert.Equal(identity.Of(IPAddress.Parse("2001:db8:1:2::1"), "B"), identity.Of(IPAddress.Parse("2001:db8:1:2:aaaa::9"), "B"));
        Assert.NotEqual(identity.Of(IPAddress.Parse("2001:db8:1:2::1"), "B"), identity.Of(IPAddress.Parse("2001:db8:1:3::1"), "B"));
        Assert.Equal(identity.Of(IPAddress.Parse("198.51.100.4"), "B"), identity.Of(IPAddress.Parse("::ffff:198.51.100.4"), "B"));
    }
}
