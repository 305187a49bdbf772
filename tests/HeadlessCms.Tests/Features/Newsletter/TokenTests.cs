using System.Net;
using System.Net.Http.Headers;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Newsletter;

/// <summary>Confirmation and unsubscribe links: signed, expiring, single-use where they must be, and safe to open.</summary>
public abstract class TokenTests(INewsletterFixture fx)
{
    private readonly Subscribing newsletter = new(fx);

    [Fact]
    public async Task A_confirmation_token_confirms_once_and_a_reused_one_is_a_400_that_says_so()
    {
        var email = Subscribing.NewAddress();
        await newsletter.SignUp(new { email });
        var token = await newsletter.ConfirmToken(email);

        var confirmed = await newsletter.Confirm(token).Expect(HttpStatusCode.OK);
        Assert.Equal("confirmed", confirmed.Str("status"));
        var stored = await newsletter.Find(email);
        Assert.Equal("confirmed", stored.Str("status"));
        Assert.NotNull(stored!["confirmedAt"]);

        var reused = await newsletter.Confirm(token).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("used", reused.Str("reason"));
        Assert.Contains("sign up again", reused.Str("detail"));
    }

    [Fact]
    public async Task An_expired_token_is_a_400_that_tells_the_reader_to_sign_up_again()
    {
        var email = Subscribing.NewAddress();
        await newsletter.SignUp(new { email });
        var token = await newsletter.ConfirmToken(email);

        fx.Clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));
        var expired = await newsletter.Confirm(token).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("expired", expired.Str("reason"));
        Assert.Contains("Sign up again", expired.Str("detail"));
        Assert.Equal("pending", (await newsletter.Find(email)).Str("status"));
    }

    [Fact]
    public async Task Forged_truncated_and_wrong_purpose_tokens_are_400_invalid()
    {
        var email = Subscribing.NewAddress();
        await newsletter.SignUp(new { email });
        var token = await newsletter.ConfirmToken(email);
        var flipped = (token[10] == 'A' ? 'B' : 'A');

        foreach (var bad in new[]
                 {
                     token[..10] + flipped + token[11..], token[..^2], token + "AA", "not-a-token", "%%%", new string('A', 500),
                     await newsletter.UnsubscribeToken(email),
                 })
        {
            var problem = await newsletter.Confirm(bad).ExpectProblem(HttpStatusCode.BadRequest);
            Assert.Equal("invalid", problem.Str("reason"));
        }

        var missing = await fx.Api.Anonymous().PostAsync("/api/v1/newsletter/confirm", null).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("invalid", missing.Str("reason"));
        await fx.Api.Anonymous().PostRaw("/api/v1/newsletter/confirm", "{\"token\":").ExpectProblem(HttpStatusCode.BadRequest);
        await fx.Api.Anonymous().PostRaw("/api/v1/newsletter/confirm", "token", "text/plain").ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("pending", (await newsletter.Find(email)).Str("status"));
    }

    [Fact]
    public async Task The_token_can_come_in_the_query_string_a_form_field_or_json()
    {
        foreach (var send in new Func<string, Task<HttpResponseMessage>>[]
                 {
                     token => fx.Api.Anonymous().PostAsync($"/api/v1/newsletter/confirm?token={token}", null),
                     token => fx.Api.Anonymous().PostAsync("/api/v1/newsletter/confirm", new FormUrlEncodedContent([new("token", token)])),
                     token => fx.Api.Anonymous().PostJson("/api/v1/newsletter/confirm", new { token }),
                 })
        {
            var email = Subscribing.NewAddress();
            await newsletter.SignUp(new { email });
            Assert.Equal("confirmed", (await send(await newsletter.ConfirmToken(email)).Expect(HttpStatusCode.OK)).Str("status"));
        }
    }

    [Fact]
    public async Task Opening_a_link_shows_a_page_whose_button_posts_the_token_and_changes_nothing_by_itself()
    {
        var email = Subscribing.NewAddress();
        await newsletter.SignUp(new { email });
        var token = await newsletter.ConfirmToken(email);

        var page = await fx.Api.Anonymous().GetAsync($"/api/v1/newsletter/confirm?token={token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"<form method=\"post\" action=\"confirm?token={token}\">", html);
        Assert.Equal("pending", (await newsletter.Find(email)).Str("status"));

        var unsubscribePage = await fx.Api.Anonymous().GetAsync($"/api/v1/newsletter/unsubscribe?token={await newsletter.UnsubscribeToken(email)}");
        Assert.Contains("action=\"unsubscribe?token=", await unsubscribePage.Content.ReadAsStringAsync());
        Assert.Equal("pending", (await newsletter.Find(email)).Str("status"));

        var forged = await fx.Api.Anonymous().GetAsync("/api/v1/newsletter/confirm?token=forged").ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("invalid", forged.Str("reason"));
    }

    [Fact]
    public async Task One_click_unsubscribe_is_immediate_idempotent_and_ends_the_old_confirmation_round()
    {
        var email = Subscribing.NewAddress();
        await newsletter.SignUp(new { email });
        var oldConfirmation = await newsletter.ConfirmToken(email);
        await newsletter.Confirm(oldConfirmation).Expect(HttpStatusCode.OK);
        var token = await newsletter.UnsubscribeToken(email);

        // RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the https link, without any key.
        for (var i = 0; i < 2; i++)
        {
            var oneClick = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
            var response = await fx.Api.Anonymous().PostAsync($"/api/v1/newsletter/unsubscribe?token={token}", oneClick);
            Assert.Equal("unsubscribed", (await response.Expect(HttpStatusCode.OK)).Str("status"));
            Assert.Equal("unsubscribed", (await newsletter.Find(email)).Str("status"));
        }

        var multipart = new MultipartFormDataContent { { new StringContent("One-Click"), "List-Unsubscribe" } };
        await fx.Api.Anonymous().PostAsync($"/api/v1/newsletter/unsubscribe?token={token}", multipart).Expect(HttpStatusCode.OK);
        await fx.Api.Anonymous().PostJson("/api/v1/newsletter/unsubscribe", new { token }).Expect(HttpStatusCode.OK);

        // The confirmation link of the old round cannot resubscribe; a new signup starts a new round with new links.
        Assert.Equal("used", (await newsletter.Confirm(oldConfirmation).ExpectProblem(HttpStatusCode.BadRequest)).Str("reason"));
        await newsletter.SignUp(new { email });
        Assert.Equal("pending", (await newsletter.Find(email)).Str("status"));
        Assert.Equal("used", (await newsletter.Confirm(oldConfirmation).ExpectProblem(HttpStatusCode.BadRequest)).Str("reason"));
        await newsletter.Confirm(await newsletter.ConfirmToken(email)).Expect(HttpStatusCode.OK);

        var forged = await fx.Api.Anonymous().PostAsync($"/api/v1/newsletter/unsubscribe?token={token[..^3]}xyz", null).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("invalid", forged.Str("reason"));
        Assert.Equal("confirmed", (await newsletter.Find(email)).Str("status"));
    }

    [Fact]
    public async Task Unsubscribing_an_erased_subscriber_answers_the_same()
    {
        var email = await newsletter.Confirmed();
        var id = (await newsletter.Find(email)).Str("id");
        var token = await newsletter.UnsubscribeToken(email);
        await fx.Api.Admin().DeleteAsync($"/api/v1/newsletter/subscribers/{id}").Expect(HttpStatusCode.NoContent);

        var response = await fx.Api.Anonymous().PostAsync($"/api/v1/newsletter/unsubscribe?token={token}", null);
        Assert.Equal("unsubscribed", (await response.Expect(HttpStatusCode.OK)).Str("status"));
        Assert.Null(await newsletter.Find(email));
    }
}

public sealed class TokenTestsOnSqlite(NewsletterSqliteFixture fx) : TokenTests(fx), IClassFixture<NewsletterSqliteFixture>;

public sealed class TokenTestsOnPostgres(NewsletterPostgresFixture fx) : TokenTests(fx.OrSkipNewsletter()), IClassFixture<NewsletterPostgresFixture>;
