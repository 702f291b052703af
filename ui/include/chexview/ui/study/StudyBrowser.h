#pragma once

#include "chexview/study/PatientStudies.h"

#include <QFutureWatcher>
#include <QList>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QStandardItemModel;
class QTreeView;

namespace chexview {

class StudyFilterProxy;

/// The study browser: patients with their studies (date, description, modality, images, the
/// worst AI flag once analyzed), a search box (patient, date, description, UID) and an
/// "AI flagged only" filter. Keyboard: Ctrl+F searches, Down goes from the search box to the
/// list, arrows move, Enter opens the study. A tree is scanned in the background through
/// core/study (StudyScanner with the SQLite index, StudyGrouper). GUI thread only; the scan
/// runs on the thread pool and only its result comes back.
class StudyBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit StudyBrowser(QWidget* parent = nullptr);
    ~StudyBrowser() override;

    void setPatients(const QList<PatientStudies>& patients);
    const QList<PatientStudies>& patients() const { return m_patients; }
    /// The study and its prior (nullptr when none) by UID.
    const Study* study(const QString& studyUid) const;
    const Study* prior(const QString& studyUid) const;
    /// The worst AI flag of an analyzed study: its finding and score, `positive` when at or
    /// above the manifest's threshold.
    void setStudyFlag(const QString& studyUid, const QString& finding, double score, bool positive);
    void setFilterText(const QString& text);
    void setFlaggedOnly(bool on);
    /// Studies shown after filtering.
    int visibleStudyCount() const;
    QString currentStudyUid() const;
    QTreeView* view() const { return m_tree; }
    QSize sizeHint() const override { return {380, 480}; }
    QLineEdit* searchBox() const { return m_search; }

    /// Scans files and folders in the background (labels CSV and index optional: empty index
    /// path = the default cache file). loaded() or loadFailed() follows.
    void openPaths(const QStringList& paths, const QString& labelsCsv = {},
                   const QString& indexPath = {});
    bool isLoading() const;

Q_SIGNALS:
    void studyActivated(const QString& patientId, const QString& studyUid);
    void loaded(int patients, int studies);
    void loadFailed(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct ScanOutcome
    {
        QList<PatientStudies> patients;
        QString error;
        int skipped = 0;
    };
    void activateCurrent();
    void updateStatus();
    void scanFinished();

    QList<PatientStudies> m_patients;
    QLineEdit* m_search = nullptr;
    QCheckBox* m_flaggedOnly = nullptr;
    QTreeView* m_tree = nullptr;
    QLabel* m_status = nullptr;
    QStandardItemModel* m_model = nullptr;
    StudyFilterProxy* m_proxy = nullptr;
    QFutureWatcher<ScanOutcome> m_scan;
    int m_skipped = 0; ///< unusable DICOM files of the last scan
};

} // namespace chexview
