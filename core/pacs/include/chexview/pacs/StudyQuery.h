#pragma once

#include <QDate>
#include <QStringList>

namespace chexview {

/// What the user asks a PACS for, at study level. Empty fields match everything; patient name
/// and ID may hold DICOM wildcards (`*`, `?`). Modalities default to CR and DX.
/// Thread contract: a plain value.
struct StudyQuery
{
    QString patientName;
    QString patientId;
    QString accessionNumber;
    QDate dateFrom; ///< null: open
    QDate dateTo;   ///< null: open
    QStringList modalities{QStringLiteral("CR"), QStringLiteral("DX")};

    /// DICOM range matching: "20190101-20191231", "20190101-", "-20191231" or "" (no range).
    QString dicomDateRange() const;
    /// Parses `FROM-TO`, `FROM-`, `-TO` or a single date (YYYYMMDD or YYYY-MM-DD); throws
    /// PacsError(BadArgument) on anything else or FROM after TO.
    void setDateRange(const QString& range);
};

} // namespace chexview
