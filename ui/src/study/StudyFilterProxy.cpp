#include "StudyFilterProxy.h"

namespace chexview {

StudyFilterProxy::StudyFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {}

void StudyFilterProxy::setText(const QString& text)
{
    m_words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

void StudyFilterProxy::setFlaggedOnly(bool on)
{
    m_flaggedOnly = on;
    invalidateFilter();
}

bool StudyFilterProxy::acceptsStudy(const QModelIndex& study) const
{
    if (m_flaggedOnly && !study.data(FlaggedRole).toBool())
        return false;
    const QString text = study.data(SearchTextRole).toString();
    for (const QString& w : m_words)
        if (!text.contains(w, Qt::CaseInsensitive))
            return false;
    return true;
}

bool StudyFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (sourceParent.isValid())
        return acceptsStudy(index);
    const int n = sourceModel()->rowCount(index);
    for (int r = 0; r < n; ++r)
        if (acceptsStudy(sourceModel()->index(r, 0, index)))
            return true;
    return false;
}

} // namespace chexview
