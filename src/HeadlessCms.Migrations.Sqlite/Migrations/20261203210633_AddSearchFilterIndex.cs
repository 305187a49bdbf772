using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessCms.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The search's filter columns in one narrow index led by the row id: ranking the newest matches looks each one up
    /// by rowid, and in the table itself every row sits on its own page beside ~6 KB of text (SQLite only; PostgreSQL
    /// filters in the same heap scan that reads the vector).
    /// </summary>
    public partial class AddSearchFilterIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX "IX_ArticleSearch_Filters"
                ON "ArticleSearch" ("Id", "Status", "AuthorId", "PublishedAt", "ListedAt", "ArticleId");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_ArticleSearch_Filters";""");
        }
    }
}
