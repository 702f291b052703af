#include "chexview/study/StudyIndex.h"

#include "chexview/study/StudyError.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace chexview {

namespace {

QAtomicInt g_connections;

QSqlDatabase db(const QString& name)
{
    return QSqlDatabase::database(name, false);
}

void exec(QSqlQuery& q, const QString& what)
{
    if (!q.exec())
        throw StudyError(StudyError::Code::IndexUnavailable,
                         QStringLiteral("study index: %1: %2").arg(what, q.lastError().text()));
}

void execSql(const QString& connection, const QString& sql)
{
    QSqlQuery q(db(connection));
    if (!q.exec(sql))
        throw StudyError(StudyError::Code::IndexUnavailable,
                         QStringLiteral("study index: %1").arg(q.lastError().text()));
}

constexpr int kIgnored = -1;

} // namespace

StudyIndex::StudyIndex(const QString& databasePath) : m_path(databasePath)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        throw StudyError(StudyError::Code::IndexUnavailable,
                         QStringLiteral("study index: Qt's SQLite driver (QSQLITE, Debian package "
                                        "libqt6sql6-sqlite) is not installed"));
    const QFileInfo info(databasePath);
    if (!QDir().mkpath(info.absolutePath()))
        throw StudyError(StudyError::Code::IndexUnavailable,
                         QStringLiteral("study index: cannot create %1").arg(info.absolutePath()));
    m_connection =
        QStringLiteral("chexview-study-index-%1").arg(g_connections.fetchAndAddRelaxed(1));
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        d.setDatabaseName(databasePath);
        d.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!d.open()) {
            const QString why = d.lastError().text();
            d = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connection);
            throw StudyError(
                StudyError::Code::IndexUnavailable,
                QStringLiteral("study index: cannot open %1: %2").arg(databasePath, why));
        }
    }
    try {
        createSchema();
    } catch (...) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
        throw;
    }
}

StudyIndex::~StudyIndex()
{
    {
        QSqlDatabase d = db(m_connection);
        if (d.isOpen())
            d.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

void StudyIndex::createSchema()
{
    execSql(m_connection, QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, "
                                         "value TEXT NOT NULL)"));
    const int found = schemaVersion();
    if (found != kSchemaVersion) {
        // Another (or no) version: the index is only a cache of the files, so rebuild it.
        execSql(m_connection, QStringLiteral("DROP TABLE IF EXISTS instances"));
        execSql(m_connection,
                QStringLiteral(
                    "CREATE TABLE instances (path TEXT PRIMARY KEY, size INTEGER NOT NULL, "
                    "mtime INTEGER NOT NULL, kind INTEGER NOT NULL, patient_id TEXT, "
                    "patient_age TEXT, study_uid TEXT, study_date TEXT, study_time TEXT, "
                    "study_description TEXT, series_uid TEXT, series_number INTEGER, "
                    "sop_uid TEXT, instance_number INTEGER, modality TEXT, view_position TEXT, "
                    "laterality TEXT, follow_up INTEGER)"));
        QSqlQuery q(db(m_connection));
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES "
                                 "('schema_version', ?)"));
        q.addBindValue(QString::number(kSchemaVersion));
        exec(q, QStringLiteral("writing the schema version"));
    }
}

int StudyIndex::schemaVersion() const
{
    QSqlQuery q(db(m_connection));
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'"));
    exec(q, QStringLiteral("reading the schema version"));
    return q.next() ? q.value(0).toString().toInt() : 0;
}

std::optional<StudyInstance> StudyIndex::lookup(const QString& path, qint64 sizeBytes,
                                                qint64 mtimeMs, bool* ignored) const
{
    if (ignored)
        *ignored = false;
    QSqlQuery q(db(m_connection));
    q.prepare(QStringLiteral(
        "SELECT size, mtime, kind, patient_id, patient_age, study_uid, study_date, study_time, "
        "study_description, series_uid, series_number, sop_uid, instance_number, modality, "
        "view_position, laterality, follow_up FROM instances WHERE path = ?"));
    q.addBindValue(path);
    exec(q, QStringLiteral("lookup"));
    if (!q.next())
        return std::nullopt;
    if (q.value(0).toLongLong() != sizeBytes || q.value(1).toLongLong() != mtimeMs)
        return std::nullopt; // stale: the file changed since it was indexed
    const int kind = q.value(2).toInt();
    if (kind == kIgnored) {
        if (ignored)
            *ignored = true;
        return std::nullopt;
    }
    StudyInstance s;
    s.path = path;
    s.sizeBytes = sizeBytes;
    s.mtimeMs = mtimeMs;
    s.kind = kind == 1 ? StudyInstance::Kind::NihPng : StudyInstance::Kind::Dicom;
    s.patientId = q.value(3).toString();
    s.patientAge = q.value(4).toString();
    s.studyUid = q.value(5).toString();
    s.studyDate = q.value(6).toString();
    s.studyTime = q.value(7).toString();
    s.studyDescription = q.value(8).toString();
    s.seriesUid = q.value(9).toString();
    s.seriesNumber = q.value(10).toInt();
    s.sopInstanceUid = q.value(11).toString();
    s.instanceNumber = q.value(12).toInt();
    s.modality = q.value(13).toString();
    s.viewPosition = q.value(14).toString();
    s.laterality = q.value(15).toString();
    s.followUp = q.value(16).toInt();
    return s;
}

void StudyIndex::put(const StudyInstance& s)
{
    QSqlQuery q(db(m_connection));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO instances VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(s.path);
    q.addBindValue(s.sizeBytes);
    q.addBindValue(s.mtimeMs);
    q.addBindValue(s.kind == StudyInstance::Kind::NihPng ? 1 : 0);
    for (const QString* v : {&s.patientId, &s.patientAge, &s.studyUid, &s.studyDate, &s.studyTime,
                             &s.studyDescription, &s.seriesUid})
        q.addBindValue(*v);
    q.addBindValue(s.seriesNumber);
    q.addBindValue(s.sopInstanceUid);
    q.addBindValue(s.instanceNumber);
    q.addBindValue(s.modality);
    q.addBindValue(s.viewPosition);
    q.addBindValue(s.laterality);
    q.addBindValue(s.followUp);
    exec(q, QStringLiteral("writing %1").arg(s.path));
}

void StudyIndex::putIgnored(const QString& path, qint64 sizeBytes, qint64 mtimeMs)
{
    QSqlQuery q(db(m_connection));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO instances (path, size, mtime, kind) VALUES "
                             "(?, ?, ?, ?)"));
    q.addBindValue(path);
    q.addBindValue(sizeBytes);
    q.addBindValue(mtimeMs);
    q.addBindValue(kIgnored);
    exec(q, QStringLiteral("writing %1").arg(path));
}

int StudyIndex::removeMissing(const QString& root, const QSet<QString>& seen)
{
    QSqlQuery q(db(m_connection));
    // Entries equal to root or under root/ (prefix compared with substr: no LIKE wildcards).
    const QString prefix = root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/');
    q.prepare(
        QStringLiteral("SELECT path FROM instances WHERE path = ? OR substr(path, 1, ?) = ?"));
    q.addBindValue(root);
    q.addBindValue(int(prefix.size()));
    q.addBindValue(prefix);
    exec(q, QStringLiteral("listing %1").arg(root));
    QStringList gone;
    while (q.next()) {
        const QString p = q.value(0).toString();
        if (!seen.contains(p))
            gone << p;
    }
    for (const QString& p : gone) {
        QSqlQuery d(db(m_connection));
        d.prepare(QStringLiteral("DELETE FROM instances WHERE path = ?"));
        d.addBindValue(p);
        exec(d, QStringLiteral("removing %1").arg(p));
    }
    return int(gone.size());
}

int StudyIndex::entryCount() const
{
    QSqlQuery q(db(m_connection));
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM instances"));
    exec(q, QStringLiteral("counting"));
    return q.next() ? q.value(0).toInt() : 0;
}

void StudyIndex::beginBatch()
{
    db(m_connection).transaction();
}

void StudyIndex::commitBatch()
{
    if (!db(m_connection).commit())
        throw StudyError(
            StudyError::Code::IndexUnavailable,
            QStringLiteral("study index: commit: %1").arg(db(m_connection).lastError().text()));
}

} // namespace chexview
