using System.Net;
using System.Text.Json.Nodes;
using HeadlessCms.Api.Features.Newsletter;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Features.Newsletter;

/// <summary>Signups: one answer for every address, normalized storage, and the rules that keep bots from using us.</summary>
public abstract class SignupTests(INewsletterFixture fx)
{
    private readonly Subscribing newsletter = new(fx);

    [Fact]
    public async Task Every_signup_gets_the_same_202_whether_the_address_is_new_pending_confirmed_blocked_or_a_bot()
    {
        var confirmed = Subscribing.NewAddress();
        await newsletter.SignUp(new { email = confirmed });
        var id = Guid.Parse((await newsletter.Find(confirmed)).Str("id"));
        var stamp = await StampOf(id);
        await fx.Api.Anonymous().PostJson("/api/v1/newsletter/confirm", new { token = await fx.Tokens.ForConfirmationAsync(id, stamp, default) })
            .Expect(HttpStatusCode.OK);
        var pending = Subscribing.NewAddress();
        await newsletter.SignUp(new { email = pending });

        var answers = new List<string>();
        foreach (var body in new object[]
                 {
                     new { email = Subscribing.NewAddress() },
                     new { email = pending },
                     new { email = confirmed, name = "Someone Else" },
                     new { email = $"{Infrastructure.Api.Unique("x")}@mailinator.com" },
                     new { email = Subscribing.NewAddress(), website = "https://bot.example" },
                 })
        {
            var response = await newsletter.Reader().PostJson(Subscribing.Path, body);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Null(response.Headers.Location);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(answers.Distinct());
        var answer = JsonNode.Parse(answers[0])!;
        Assert.Equal("accepted", answer.Str("status"));
        Assert.DoesNotContain("@", answers[0]);

        // The confirmed subscription was not touched by the stranger's signup.
        var stored = await newsletter.Find(confirmed);
        Assert.Equal("confirmed", stored.Str("status"));
        Assert.Null(stored!["name"]);
    }

    [Fact]
    public async Task Addresses_are_stored_normalized_so_case_and_spaces_make_no_second_subscriber()
    {
        var domain = Subscribing.NewDomain();
        var local = Infrastructure.Api.Unique("Reader.Name");
        await newsletter.SignUp(new { email = $"  {local.ToUpperInvariant()}@{domain.ToUpperInvariant()} ", name = "Ilse Ørsted" });
        await newsletter.SignUp(new { email = $"{local}@{domain}" });

        var stored = await newsletter.Find($"{local}@{domain}");
        Assert.Equal($"{local.ToLowerInvariant()}@{domain}", stored.Str("email"));
        Assert.Equal("Ilse Ørsted", stored.Str("name"));
        Assert.Equal("pending", stored.Str("status"));

        // Internationalized domains are kept as punycode, the form mail servers use.
        var idn = $"{Infrastructure.Api.Unique("leser")}@bücher-{Guid.NewGuid():N}.example";
        await newsletter.SignUp(new { email = idn });
        var punycode = await newsletter.Find(idn);
        Assert.StartsWith("xn--", EmailDomain(punycode.Str("email")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("reader@localhost")]
    [InlineData("Dana <dana@example.com>")]
    [InlineData("\"Dana\" dana@example.com")]
    [InlineData("dana@example.com, victim@example.com")]
    [InlineData("dana@example.com\r\nBcc: victim@example.com")]
    [InlineData("da na@example.com")]
    [InlineData("\"da na\"@example.com")]
    [InlineData("dana@[127.0.0.1]")]
    [InlineData("dana@10.0.0.1")]
    [InlineData("dana@@example.com")]
    [InlineData("dana.@example.com")]
    [InlineData("dana@-example.com")]
    [InlineData("dana@example..com")]
    public async Task Malformed_addresses_are_400_on_email(string email)
    {
        await newsletter.Reader().PostJson(Subscribing.Path, new { email }).ExpectValidation("email");
    }

    [Fact]
    public async Task Overlong_addresses_names_and_unknown_tags_are_field_errors_and_say_nothing_about_existing_addresses()
    {
        await newsletter.Reader().PostJson(Subscribing.Path, new { email = new string('a', 65) + "@example.com" }).ExpectValidation("email");
        await newsletter.Reader().PostJson(Subscribing.Path, new { email = "a@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 5)) + ".com" })
            .ExpectValidation("email");
        await newsletter.Reader().PostJson(Subscribing.Path, new { }).ExpectValidation("email");

        var existing = Subscribing.NewAddress();
        await newsletter.SignUp(new { email = existing });
        foreach (var email in new[] { existing, Subscribing.NewAddress() })
        {
            var overlong = await newsletter.Reader().PostJson(Subscribing.Path, new { email, name = new string('n', 101) }).ExpectValidation("name");
            var lineBreak = await newsletter.Reader().PostJson(Subscribing.Path, new { email, name = "Dana\r\nBcc: x@y.example" }).ExpectValidation("name");
            var unknown = await newsletter.Reader().PostJson(Subscribing.Path, new { email, tags = new[] { Infrastructure.Api.Unique("no-such-tag") } }).ExpectValidation("tags");
            Assert.Contains("Unknown tag", unknown["errors"]!["tags"]![0]!.GetValue<string>());
            await newsletter.Reader().PostJson(Subscribing.Path, new { email, tags = new[] { "Not A Slug" } }).ExpectValidation("tags[0]");
            await newsletter.Reader().PostJson(Subscribing.Path, new { email, tags = Enumerable.Range(0, 21).Select(i => $"t{i}").ToArray() })
                .ExpectValidation("tags");
            Assert.DoesNotContain(email, overlong.ToJsonString() + lineBreak.ToJsonString() + unknown.ToJsonString());
        }

        await newsletter.Reader().PostRaw(Subscribing.Path, "{\"email\": ").ExpectProblem(HttpStatusCode.BadRequest);
        await newsletter.Reader().PostRaw(Subscribing.Path, "{\"email\": 42}").ExpectProblem(HttpStatusCode.BadRequest);
        await newsletter.Reader().PostRaw(Subscribing.Path, "email=a@b.example", "text/plain").ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Topics_are_tag_slugs_and_are_stored_with_the_subscriber()
    {
        var content = new ContentBuilder(await fx.Api.Editor());
        var first = (await content.Tag()).Str("slug");
        var second = (await content.Tag()).Str("slug");
        var email = Subscribing.NewAddress();

        await newsletter.SignUp(new { email, tags = new[] { second, first, first } });

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), (await newsletter.Find(email))!["topics"].Strings());
    }

    [Fact]
    public async Task A_filled_honeypot_or_a_disposable_domain_stores_nothing_and_the_honeypot_is_not_in_the_openapi_document()
    {
        var bot = Subscribing.NewAddress();
        await newsletter.SignUp(new { email = bot, website = "https://bot.example" });
        Assert.Null(await newsletter.Find(bot));

        foreach (var disposable in new[] { "mailinator.com", "eu.mailinator.com", "throwaway.example", "MAIL.Throwaway.Example" })
        {
            var address = $"{Infrastructure.Api.Unique("x")}@{disposable}";
            await newsletter.SignUp(new { email = address });
            Assert.Null(await newsletter.Find(address));
        }

        // Only a whole domain (or one below it) is blocked.
        var lookalike = $"{Infrastructure.Api.Unique("x")}@notmailinator.com";
        await newsletter.SignUp(new { email = lookalike });
        Assert.NotNull(await newsletter.Find(lookalike));

        var document = await fx.Api.Anonymous().GetAsync("/swagger/v1/swagger.json").Expect(HttpStatusCode.OK);
        var schema = document["components"]!["schemas"]!["Subscribe"]!;
        Assert.Equal(["email", "name", "tags"], schema["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.DoesNotContain("website", document["paths"]!["/api/v1/newsletter/subscriptions"]!.ToJsonString());
    }

    [Fact]
    public async Task A_pending_address_is_sent_again_at_most_once_an_hour()
    {
        var email = Subscribing.NewAddress();
        await newsletter.SignUp(new { email });
        var first = (await newsletter.Find(email)).Str("confirmationSentAt");

        fx.Clock.Advance(TimeSpan.FromMinutes(59));
        await newsletter.SignUp(new { email });
        Assert.Equal(first, (await newsletter.Find(email)).Str("confirmationSentAt"));

        fx.Clock.Advance(TimeSpan.FromMinutes(2));
        await newsletter.SignUp(new { email });
        Assert.NotEqual(first, (await newsletter.Find(email)).Str("confirmationSentAt"));
    }

    [Fact]
    public async Task Confirmation_emails_to_one_domain_stop_at_the_hourly_cap_and_resume_an_hour_later()
    {
        var domain = Subscribing.NewDomain();
        var addresses = Enumerable.Range(0, NewsletterSetup.DomainCap + 2).Select(_ => Subscribing.NewAddress(domain)).ToList();
        foreach (var email in addresses)
        {
            await newsletter.SignUp(new { email });
        }

        var sent = new List<bool>();
        foreach (var email in addresses)
        {
            var stored = await newsletter.Find(email);
            Assert.Equal("pending", stored.Str("status"));
            sent.Add(stored!["confirmationSentAt"] is not null);
        }

        Assert.Equal(Enumerable.Repeat(true, NewsletterSetup.DomainCap).Concat([false, false]), sent);

        // Another domain is not held back, and an hour later the held-back address gets its email when it signs up again.
        var other = Subscribing.NewAddress();
        await newsletter.SignUp(new { email = other });
        Assert.NotNull((await newsletter.Find(other))!["confirmationSentAt"]);
        fx.Clock.Advance(TimeSpan.FromMinutes(61));
        await newsletter.SignUp(new { email = addresses[^1] });
        Assert.NotNull((await newsletter.Find(addresses[^1]))!["confirmationSentAt"]);
    }

    private async Task<int> StampOf(Guid id)
    {
        await using var scope = fx.Api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HeadlessCms.Api.Data.CmsDbContext>();
        return db.Subscribers.Single(s => s.Id == id).ConfirmStamp;
    }

    private static string EmailDomain(string email) => email[(email.IndexOf('@') + 1)..];
}

public sealed class SignupTestsOnSqlite(NewsletterSqliteFixture fx) : SignupTests(fx), IClassFixture<NewsletterSqliteFixture>;

public sealed class SignupTestsOnPostgres(NewsletterPostgresFixture fx) : SignupTests(fx.OrSkipNewsletter()), IClassFixture<NewsletterPostgresFixture>;
