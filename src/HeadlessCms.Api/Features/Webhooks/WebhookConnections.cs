using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>
/// How deliveries reach receivers without becoming an SSRF hole. The check runs at connect time, on the addresses the
/// socket actually connects to (a name can resolve differently between a check and its use), so a receiver's DNS
/// cannot point deliveries at loopback, private, link-local or cloud metadata addresses. Redirects are not followed,
/// and no proxy is used (it would connect for us, past the check). Cms:Webhooks:AllowPrivateNetworks=true lifts it.
/// </summary>
public static class WebhookConnections
{
    public static SocketsHttpHandler Handler(IOptionsMonitor<WebhookOptions> options) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, options.CurrentValue.AllowPrivateNetworks, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint target, bool allowPrivate, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(target.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(target.Host, ct);
        var allowed = allowPrivate ? addresses : addresses.Where(a => !IsInternal(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(
                $"Refused to connect to {target.Host}: it resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, "
                + "a loopback, private, link-local or metadata address (Cms:Webhooks:AllowPrivateNetworks allows it).");
        }

        SocketException? last = null;
        foreach (var allowedAddress in allowed)
        {
            var address = allowedAddress.IsIPv4MappedToIPv6 ? allowedAddress.MapToIPv4() : allowedAddress;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, target.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"Could not connect to {target.Host}:{target.Port}: {last?.Message}", last);
    }

    /// <summary>Whether an address belongs to this machine, a private network, a link or a special range (IPv4, IPv6, IPv4-mapped).</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,                                  // "this network", private, loopback
                100 => b[1] >= 64 && b[1] < 128,                           // carrier-grade NAT 100.64.0.0/10
                169 => b[1] == 254,                                        // link-local, incl. 169.254.169.254 metadata
                172 => b[1] >= 16 && b[1] < 32,                            // private 172.16.0.0/12
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0),         // private 192.168/16, IETF 192.0.0.0/24
                198 => b[1] is 18 or 19,                                   // benchmarking 198.18.0.0/15
                >= 224 => true,                                            // multicast, reserved, broadcast
                _ => false,
            };
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
        {
            return true;
        }

        var v6 = address.GetAddressBytes();
        if ((v6[0] & 0xFE) == 0xFC)
        {
            return true;   // unique local fc00::/7 (also AWS's fd00:ec2::254 metadata)
        }

        // Addresses that carry an IPv4 address inside: IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16.
        if (v6[..12].All(x => x == 0))
        {
            return IsInternal(new IPAddress(v6[12..16]));
        }

        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B && v6[4..12].All(x => x == 0))
        {
            return IsInternal(new IPAddress(v6[12..16]));
        }

        if (v6[0] == 0x20 && v6[1] == 0x02)
        {
            return IsInternal(new IPAddress(v6[2..6]));
        }

        return false;
    }
}
