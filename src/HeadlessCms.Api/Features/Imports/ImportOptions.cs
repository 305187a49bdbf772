namespace HeadlessCms.Api.Features.Imports;

/// <summary>Cms:Imports.</summary>
public sealed class ImportOptions
{
    public const string Section = "Cms:Imports";

    /// <summary>Documents one batch may hold; a longer batch is a 400 and imports nothing.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>The body limit of a batch (single documents keep the API's 1 MiB limit).</summary>
    public long MaxBatchBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How long the answer to a batch sent with an Idempotency-Key is kept for its retries.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);
}
