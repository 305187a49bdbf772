using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>
/// Tells readers apart without accounts and without keeping their addresses. A client is
/// HMAC-SHA256(daily salt, network + "\n" + User-Agent), where the daily salt is HMAC-SHA256(server secret, UTC date)
/// and the network is the IPv4 address or the /64 of an IPv6 address (devices rotate addresses inside it).
/// The raw IP is never stored; a hash cannot be linked to the next day's hash of the same client, nor reversed
/// without the secret. The same hash keys the rate limits, the duplicate rule and likes (one per client per comment
/// per day); a second hash of the network alone keys the per-network limits, which rotating User-Agents cannot escape.
/// </summary>
public sealed class ClientIdentity
{
    private const string ItemKey = "hcms.client";
    private const string NetworkItemKey = "hcms.network";

    private readonly byte[] secret;
    private readonly TimeProvider clock;

    public ClientIdentity(IOptions<CommentOptions> options, TimeProvider clock)
    {
        var configured = options.Value.ClientSecret;
        secret = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(configured);
        this.clock = clock;
    }

    /// <summary>The client of a request, computed once per request (the rate limiter and the handler both ask).</summary>
    public string Of(HttpContext http)
    {
        if (http.Items[ItemKey] is not string hash)
        {
            hash = Of(http.Connection.RemoteIpAddress, http.Request.Headers.UserAgent.ToString());
            http.Items[ItemKey] = hash;
        }

        return hash;
    }

    public string Of(IPAddress? address, string userAgent) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(DailySalt(), Encoding.UTF8.GetBytes(Network(address) + "\n" + userAgent)));

    /// <summary>
    /// The request's network address alone, hashed with the same daily salt (so it rotates daily as well): the key of the
    /// per-network limits that a new User-Agent per request cannot escape. Null when the address is unknown.
    /// </summary>
    public string? NetworkOf(HttpContext http)
    {
        if (!http.Items.TryGetValue(NetworkItemKey, out var cached))
        {
            cached = NetworkOf(http.Connection.RemoteIpAddress);
            http.Items[NetworkItemKey] = cached;
        }

        return (string?)cached;
    }

    public string? NetworkOf(IPAddress? address) => address is null
        ? null
        : Base64Url.EncodeToString(HMACSHA256.HashData(DailySalt(), Encoding.UTF8.GetBytes("network\n" + Network(address))));

    private byte[] DailySalt()
    {
        var day = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("hcms-comment-client/" + day));
    }

    private static string Network(IPAddress? address) => HeadlessCms.Api.Common.Security.NetworkAddress.Of(address);
}
