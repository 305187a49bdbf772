using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// Test-only: the in-memory test server has no socket, so a request names its remote address in this header.
/// Registered by the fixture, never by the app; it runs before the app's own middleware.
/// </summary>
public sealed class TestRemoteAddress : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, following) =>
        {
            if (http.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value.ToString(), out var address))
            {
                http.Connection.RemoteIpAddress = address;
                http.Request.Headers.Remove(Header);
            }

            await following(http);
        });
        next(app);
    };
}
