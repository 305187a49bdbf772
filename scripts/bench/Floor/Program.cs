using Microsoft.EntityFrameworkCore;

// The memory floor: GET /api/v1/articles/{slug} answers the article's stored JSON and ETag from the API's read model
// (ArticleDocuments), one EF Core query per request, with no output cache, validation, authentication or anything
// else the API adds. Usage: dotnet Floor.dll --database FILE --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateSlimBuilder(args);
var database = builder.Configuration["database"]
    ?? throw new ArgumentException("usage: dotnet Floor.dll --database FILE --urls http://127.0.0.1:PORT");
builder.Services.AddDbContextPool<ReadModel>(options => options.UseSqlite($"Data Source={database};Mode=ReadOnly"));

var app = builder.Build();
app.MapGet("/api/v1/articles/{slug}", async (string slug, ReadModel db, HttpContext http) =>
{
    var document = await db.Documents.AsNoTracking()
        .Where(d => d.Slug == slug)
        .Select(d => new { d.Json, d.ETag })
        .FirstOrDefaultAsync(http.RequestAborted);
    if (document is null) return Results.NotFound();
    http.Response.Headers.ETag = document.ETag;
    return Results.Bytes(document.Json, "application/json");
});
app.Run();

sealed class ReadModel(DbContextOptions<ReadModel> options) : DbContext(options)
{
    public DbSet<ArticleDocument> Documents => Set<ArticleDocument>();

    protected override void OnModelCreating(ModelBuilder model) =>
        model.Entity<ArticleDocument>().ToTable("ArticleDocuments").HasKey(d => d.ArticleId);
}

sealed class ArticleDocument
{
    public Guid ArticleId { get; set; }
    public string Slug { get; set; } = "";
    public byte[] Json { get; set; } = [];
    public string ETag { get; set; } = "";
}
