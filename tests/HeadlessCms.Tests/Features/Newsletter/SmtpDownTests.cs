using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Newsletter;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Features.Newsletter;

/// <summary>
/// "SMTP down: the signup still answers 202 and the message waits in the outbox." Nothing listens on the fixture's SMTP
/// port until the test starts a server there; the email then arrives once, after the retry's backoff.
/// </summary>
public abstract class SmtpDownTests(ISmtpDownFixture fx)
{
    private readonly Subscribing newsletter = new(fx);

    [Fact]
    public async Task A_signup_while_smtp_is_down_is_202_and_its_email_waits_in_the_outbox_until_the_server_is_back()
    {
        var email = Subscribing.NewAddress();
        await newsletter.SignUp(new { email, name = "Outage Reader" });
        Assert.Equal("pending", (await newsletter.Find(email)).Str("status"));

        // The worker tries, the connection is refused: the job stays pending with the error and a backoff.
        await fx.Deliver();
        var waiting = await ConfirmationJobAsync(email);
        Assert.Equal(BackgroundJobStatus.Pending, waiting.Status);
        Assert.Equal(1, waiting.Attempts);
        Assert.False(string.IsNullOrEmpty(waiting.LastError));
        Assert.True(waiting.DueAt > fx.Clock.GetUtcNow().UtcDateTime, "a failed send waits out a backoff before the next try");

        // Before the backoff ends nothing is retried, even with the server back.
        await using var inbox = SmtpInbox.Start(fx.SmtpPort);
        await fx.Deliver();
        Assert.Empty(inbox.To(email));

        fx.Clock.Advance(TimeSpan.FromHours(1));
        await fx.Deliver();
        var message = await inbox.WaitForAsync(email);
        Assert.Equal("Confirm your subscription to The Daily Ore", message.Subject);
        Assert.Equal(BackgroundJobStatus.Done, (await ConfirmationJobAsync(email)).Status);

        // Sent once: more passes of the worker send nothing more.
        fx.Clock.Advance(TimeSpan.FromHours(1));
        await fx.Deliver();
        Assert.Single(inbox.To(email));
    }

    private async Task<BackgroundJob> ConfirmationJobAsync(string email)
    {
        await using var scope = fx.Api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var subscriber = await db.Subscribers.AsNoTracking().SingleAsync(s => s.Email == email);
        var jobs = await db.BackgroundJobs.AsNoTracking().Where(j => j.Kind == NewsletterJobs.Confirmation).ToListAsync();
        return Assert.Single(jobs, j => j.PayloadAs<NewsletterJobs.ConfirmationPayload>().SubscriberId == subscriber.Id);
    }
}

public sealed class SmtpDownTestsOnSqlite(SmtpDownSqliteFixture fx) : SmtpDownTests(fx), IClassFixture<SmtpDownSqliteFixture>;

public sealed class SmtpDownTestsOnPostgres(SmtpDownPostgresFixture fx) : SmtpDownTests(fx.OrSkipSmtpDown()), IClassFixture<SmtpDownPostgresFixture>;
