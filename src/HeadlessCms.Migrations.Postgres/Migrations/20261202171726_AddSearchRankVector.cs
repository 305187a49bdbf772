using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessCms.Migrations.Postgres.Migrations
{
    /// <summary>
    /// PostgreSQL only (SQLite's FTS5 ranks with bm25 over its own index): what a search ranks with, the search vector
    /// without the body. The full vector (about 9 KB for a 6 KB body) is compressed out of line and costs about a quarter
    /// of a millisecond to rank per match; this one is small enough to stay in the row.
    /// </summary>
    public partial class AddSearchRankVector : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "ArticleSearch" ADD COLUMN "RankVector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('cms_english'::regconfig, "Title"), 'A')
                    || setweight(to_tsvector('cms_english'::regconfig, "Highlights"), 'B')
                    || setweight(to_tsvector('cms_english'::regconfig, "Excerpt"), 'C')
                    || setweight(to_tsvector('cms_simple'::regconfig, "Title"), 'A')
                    || setweight(to_tsvector('cms_simple'::regconfig, "Highlights"), 'B')
                    || setweight(to_tsvector('cms_simple'::regconfig, "Excerpt"), 'C')) STORED;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER TABLE "ArticleSearch" DROP COLUMN "RankVector";""");
        }
    }
}
