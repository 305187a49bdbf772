using System.Net;
using System.Net.Sockets;

namespace HeadlessCms.Api.Common.Security;

/// <summary>The network a request comes from: the IPv4 address, or the /64 of an IPv6 address (devices rotate addresses inside it).</summary>
public static class NetworkAddress
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
