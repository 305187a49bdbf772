namespace HeadlessCms.Api.Features.Webhooks;

/// <summary>The webhook settings (Cms:Webhooks); read at each use, so a test or an operator's reload takes effect.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Cms:Webhooks";

    /// <summary>After a secret rotation, deliveries carry signatures with the old secret too, for this long.</summary>
    public double RotationHours { get; set; } = 24;

    /// <summary>A delivery succeeds on a 2xx response within this time.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Accept http:// targets (development receivers); https only by default.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Let deliveries connect to loopback, private, link-local and metadata addresses (off: SSRF-safe).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// The waits between attempts of one event (null: about 5 s, 30 s, 2 min, 10 min, 1 h, 6 h, 24 h); an event fails for
    /// good after the last, so attempts = waits + 1. Null by default because configuration binding appends to an array.
    /// </summary>
    public TimeSpan[]? Backoff { get; set; }

    public static readonly TimeSpan[] DefaultBackoff =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24),
    ];

    public TimeSpan[] Schedule => Backoff is { Length: > 0 } configured ? configured : DefaultBackoff;

    /// <summary>Up to this fraction is added to each wait.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>A subscription whose events failed for good this many times in a row is disabled ...</summary>
    public int DisableAfterFailures { get; set; } = 20;

    /// <summary>... once those failures span at least this many hours.</summary>
    public double DisableAfterHours { get; set; } = 24;

    /// <summary>How long the delivery log (deliveries and their attempts) is kept.</summary>
    public int LogRetentionDays { get; set; } = 30;

    public int MaxAttempts => Schedule.Length + 1;

    /// <summary>The wait after the <paramref name="attempt"/>th failed attempt: the schedule plus jitter, or a longer Retry-After.</summary>
    public TimeSpan WaitAfter(int attempt, TimeSpan? retryAfter, Random random)
    {
        var schedule = Schedule;
        var wait = schedule[Math.Clamp(attempt - 1, 0, schedule.Length - 1)];
        wait += wait * (Jitter * random.NextDouble());
        return retryAfter is { } asked && asked > wait ? asked : wait;
    }
}
