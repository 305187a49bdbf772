using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessCms.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The indexed words as a plain table, for completing the last word of a query: the fts5vocab table counts every
    /// document of each word it lists (3 ms for a word found in most of 100,000 articles, per search). It only grows
    /// while articles change, like PostgreSQL's table of the same name; a rebuild of the read model starts it afresh.
    /// </summary>
    public partial class AddSqliteSearchWords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "SearchWords" ("Word" TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
                INSERT INTO "SearchWords" ("Word") SELECT "term" FROM "ArticleSearchVocab";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE "SearchWords";""");
        }
    }
}
