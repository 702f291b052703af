#include "chexview/pacs/StudyQuery.h"
#include "chexview/pacs/PacsError.h"

namespace chexview {

namespace {

QDate parseDate(const QString& text)
{
    QDate d = QDate::fromString(text, QStringLiteral("yyyyMMdd"));
    if (!d.isValid())
        d = QDate::fromString(text, QStringLiteral("yyyy-MM-dd"));
    if (!d.isValid())
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("'%1' is not a date (YYYYMMDD or YYYY-MM-DD)").arg(text));
    return d;
}

} // namespace

QString StudyQuery::dicomDateRange() const
{
    const QString from = dateFrom.isValid() ? dateFrom.toString(QStringLiteral("yyyyMMdd")) : "";
    const QString to = dateTo.isValid() ? dateTo.toString(QStringLiteral("yyyyMMdd")) : "";
    if (from.isEmpty() && to.isEmpty())
        return {};
    if (from == to)
        return from;
    return from + QLatin1Char('-') + to;
}

void StudyQuery::setDateRange(const QString& range)
{
    const QString r = range.trimmed();
    // A dash separates the two dates; ISO dates contain dashes too, so split on the one that
    // leaves a date (or nothing) on each side.
    if (r.isEmpty()) {
        dateFrom = dateTo = QDate();
        return;
    }
    QDate from, to;
    bool parsed = false;
    for (int i = 0; i <= r.size() && !parsed; ++i) {
        if (i < r.size() && r[i] != QLatin1Char('-'))
            continue;
        if (i == r.size()) { // a single date
            from = to = parseDate(r);
            parsed = true;
            break;
        }
        const QString left = r.left(i), right = r.mid(i + 1);
        try {
            from = left.isEmpty() ? QDate() : parseDate(left);
            to = right.isEmpty() ? QDate() : parseDate(right);
            parsed = !(left.isEmpty() && right.isEmpty());
        } catch (const PacsError&) {
        }
    }
    if (!parsed)
        throw PacsError(
            PacsError::Code::BadArgument,
            QStringLiteral("'%1' is not a date range (FROM-TO, FROM-, -TO)").arg(range));
    if (from.isValid() && to.isValid() && from > to)
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("date range '%1' ends before it starts").arg(range));
    dateFrom = from;
    dateTo = to;
}

} // namespace chexview
