using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Newsletter;

/// <summary>
/// The abuse test of the newsletter issue, with the production limits: one address sends 100 signups, each with a
/// User-Agent nobody sent before and to a different address and domain (so neither the per-client limit nor the
/// per-domain cap is what stops it). The per-network limit does: 20 signups a minute, 20 emails, 80 × 429.
/// </summary>
public abstract class SignupAbuseTests(INewsletterFixture fx)
{
    private static readonly Dictionary<string, string?> ProductionLimits = new()
    {
        ["Cms:Comments:RateLimits:Submissions"] = "5",
        ["Cms:Comments:RateLimits:NetworkSubmissions"] = "20",
        ["Cms:Comments:RateLimits:Window"] = "00:01:00",
    };

    [Fact]
    public async Task One_address_rotating_user_agents_gets_twenty_signups_a_minute_and_twenty_emails()
    {
        var api = fx.Api.AnotherInstance(ProductionLimits);
        const string bot = "198.19.77.7";
        var accepted = new List<string>();
        var refused = 0;
        for (var i = 0; i < 100; i++)
        {
            var client = api.CreateClient();
            client.DefaultRequestHeaders.Add(TestRemoteAddress.Header, bot);
            client.DefaultRequestHeaders.UserAgent.ParseAdd($"Bot/{Guid.NewGuid():N}");
            var email = Subscribing.NewAddress();
            var response = await client.PostJson(Subscribing.Path, new { email });
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add(email);
            }
            else
            {
                await response.ExpectProblem(HttpStatusCode.TooManyRequests);
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                refused++;
            }
        }

        Assert.Equal((20, 80), (accepted.Count, refused));

        // Only the accepted signups are mailed: 20 confirmation emails, one per accepted address.
        await fx.Deliver();
        foreach (var email in accepted)
        {
            await fx.Inbox.WaitForAsync(email);
            Assert.Single(fx.Inbox.To(email));
        }

        // A reader at another address is not affected, and the bot's budget comes back with the next window only.
        var neighbour = api.CreateClient();
        neighbour.DefaultRequestHeaders.Add(TestRemoteAddress.Header, "198.19.78.8");
        await neighbour.PostJson(Subscribing.Path, new { email = Subscribing.NewAddress() }).Expect(HttpStatusCode.Accepted);
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = api.CreateClient();
        later.DefaultRequestHeaders.Add(TestRemoteAddress.Header, bot);
        later.DefaultRequestHeaders.UserAgent.ParseAdd($"Bot/{Guid.NewGuid():N}");
        await later.PostJson(Subscribing.Path, new { email = Subscribing.NewAddress() }).Expect(HttpStatusCode.Accepted);
    }
}

public sealed class SignupAbuseTestsOnSqlite(NewsletterSqliteFixture fx) : SignupAbuseTests(fx), IClassFixture<NewsletterSqliteFixture>;

public sealed class SignupAbuseTestsOnPostgres(NewsletterPostgresFixture fx) : SignupAbuseTests(fx.OrSkipNewsletter()), IClassFixture<NewsletterPostgresFixture>;
