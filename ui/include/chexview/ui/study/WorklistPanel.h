#pragma once

#include "chexview/study/PatientStudies.h"
#include "chexview/study/ScoreComparison.h"
#include "chexview/study/TriageOrder.h"

#include <QFutureWatcher>
#include <QHash>
#include <QWidget>

#include "chexview/workflow/CancelToken.h"
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace chexview {

/// The triage worklist: a study tree analyzed in the background through the batch inference
/// (StudyScoring: thread pool, batches, the predictions cache; progress and cancel), ordered by
/// TriageOrder (priority list, thresholds, aging), one row per study with its top finding,
/// score against threshold and the reasons. Unread rows are bold; a flag and the read state
/// persist per Study Instance UID in the settings (group "worklist"). Enter or a double click
/// opens the study (and marks it read); F toggles the flag, U the read state.
/// GUI thread only; the model is loaded and run on one pool thread, results come back queued.
class WorklistPanel : public QWidget
{
    Q_OBJECT
public:
    explicit WorklistPanel(QWidget* parent = nullptr);
    ~WorklistPanel() override;

    void analyze(const QList<PatientStudies>& patients, const QString& modelDir,
                 const TriageOrder::Options& options = {});
    void cancel();
    bool isRunning() const;
    /// Shows an ordered list directly (already scored elsewhere).
    void setEntries(const std::vector<TriageEntry>& entries);

    int rowCount() const;
    QString studyAt(int row) const;
    bool isRead(const QString& studyUid) const;
    void setRead(const QString& studyUid, bool read);
    bool isFlagged(const QString& studyUid) const;
    void setFlagged(const QString& studyUid, bool flagged);
    /// The scores of an analyzed study, with the model package and precision (empty scores when
    /// not analyzed), for the prior comparison.
    ScoredStudy scoredStudy(const QString& studyUid) const;
    QTableWidget* table() const { return m_table; }
    QSize sizeHint() const override { return {900, 220}; }

Q_SIGNALS:
    void progress(int done, int total);
    void finished(int studies);
    void failed(const QString& message);
    void studyOpened(const QString& patientId, const QString& studyUid);
    /// After analysis, the worst flag of each study (for the study browser).
    void studyScored(const QString& studyUid, const QString& finding, double score, bool positive);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Outcome
    {
        std::vector<TriageEntry> entries;
        QHash<QString, ScoredStudy> scored;
        QString error;
        bool cancelled = false;
    };
    void refreshRow(int row);
    void openRow(int row);
    void runFinished();

    QTableWidget* m_table = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_status = nullptr;
    std::vector<TriageEntry> m_entries;
    QHash<QString, ScoredStudy> m_scored;
    QHash<QString, QString> m_dates; ///< study UID -> shown date
    CancelToken m_cancelFlag;
    QFutureWatcher<Outcome> m_run;
};

} // namespace chexview
