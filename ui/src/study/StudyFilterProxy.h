#pragma once

#include <QSortFilterProxyModel>

namespace chexview {

/// Roles of the study browser's items.
enum StudyRole
{
    StudyUidRole = Qt::UserRole + 1,
    PatientIdRole,
    SearchTextRole, ///< what the search box matches (patient, date, description, UID)
    FlaggedRole     ///< bool: an AI finding at or above its threshold
};

/// Filters the browser's patient -> study tree: a study row is kept when its search text
/// contains every word typed (case-insensitive) and, with "flagged only", when it is flagged;
/// a patient row is kept when one of its studies is. GUI thread only.
class StudyFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit StudyFilterProxy(QObject* parent = nullptr);
    void setText(const QString& text);
    void setFlaggedOnly(bool on);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool acceptsStudy(const QModelIndex& study) const;
    QStringList m_words;
    bool m_flaggedOnly = false;
};

} // namespace chexview
