using System.Net;
using System.Text.Json.Nodes;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>Readers signing up and admins looking at the list, through the API.</summary>
public sealed class Subscribing(INewsletterFixture fx)
{
    public const string Path = "/api/v1/newsletter/subscriptions";

    /// <summary>An address on a domain of its own, so the per-domain cap of one test never touches another's.</summary>
    public static string NewAddress(string? domain = null) => $"{Api.Unique("reader")}@{domain ?? NewDomain()}";

    public static string NewDomain() => $"{Api.Unique("mail")}.example";

    public HttpClient Reader()
    {
        var client = fx.Api.Anonymous();
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"TestReader/{Guid.NewGuid():N}");
        return client;
    }

    public async Task<JsonNode> SignUp(object body, HttpClient? reader = null) =>
        await (reader ?? Reader()).PostJson(Path, body).Expect(HttpStatusCode.Accepted);

    /// <summary>The admin view of one address (null when there is none).</summary>
    public async Task<JsonNode?> Find(string email)
    {
        var page = await fx.Api.Admin().GetAsync($"/api/v1/newsletter/subscribers?email={Uri.EscapeDataString(email)}").Expect(HttpStatusCode.OK);
        var items = page.Items();
        Assert.True(items.Count <= 1);
        return items.Count == 0 ? null : items[0];
    }

    /// <summary>A confirmation token as the confirmation email carries it (made by the API's own token service).</summary>
    public async Task<string> ConfirmToken(string email)
    {
        var id = Guid.Parse((await Find(email)).Str("id"));
        await using var scope = fx.Api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var stamp = await db.Subscribers.Where(s => s.Id == id).Select(s => s.ConfirmStamp).SingleAsync();
        return await fx.Tokens.ForConfirmationAsync(id, stamp, default);
    }

    public async Task<string> UnsubscribeToken(string email) =>
        await fx.Tokens.ForUnsubscribeAsync(Guid.Parse((await Find(email)).Str("id")), default);

    public Task<HttpResponseMessage> Confirm(string token) => fx.Api.Anonymous().PostJson("/api/v1/newsletter/confirm", new { token });

    /// <summary>A confirmed subscriber; returns the address.</summary>
    public async Task<string> Confirmed(string? email = null, object? tags = null, string? name = null)
    {
        email ??= NewAddress();
        await SignUp(new { email, tags, name });
        await (await Confirm(await ConfirmToken(email))).Expect(HttpStatusCode.OK);
        return email;
    }

    public static string TokenOf(string link) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["token"] ?? throw new InvalidOperationException($"No token in {link}");
}
