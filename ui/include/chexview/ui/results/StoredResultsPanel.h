#pragma once

#include "chexview/model/CamRenderer.h"
#include "chexview/pacs/PacsNode.h"
#include "chexview/results/StoredResult.h"
#include "chexview/workflow/CancelToken.h"

#include <QFutureWatcher>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSlider;

namespace chexview {

/// The AI results stored with the open image's study: the TID 1500 reports and Parametric Maps
/// in the image's folder (a PACS retrieve puts the whole study there) that reference this image,
/// whoever wrote them. A report shows its findings; a map's frame (one per finding) is offered as
/// an overlay (overlayChanged) with a colour bar and an opacity slider.
/// "Query PACS" (for a DICOM image with a Study Instance UID, once a PACS node is saved: one of
/// the saved nodes, chosen in the box beside it) asks that node for the study's AI results
/// (PacsSession::findInstances by the ResultSopClasses), retrieves those not in the PACS cache
/// yet into the cache's folder of the study (retrieveInstances) and lists the ones of this image
/// with those in its folder; the status line says how many the node has and how many are this
/// image's, or why it failed. The node's password or token comes from CredentialStore
/// (asynchronously: the keyring, else this session's memory, where the Query PACS dialog put
/// it). Cancel stops it at once (PacsSession's cancellation); a new image cancels it too.
/// Thread contract: GUI thread only; the folder is scanned on a worker thread (QtConcurrent) and
/// the PACS job runs on the PACS pool; an answer (scan, keyring or PACS) for an image no longer
/// the current one is dropped.
class StoredResultsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StoredResultsPanel(QWidget* parent = nullptr);
    ~StoredResultsPanel() override;

    /// Looks for results of the image at `path` (a DICOM file; anything else lists nothing).
    void setImage(const QString& path, int width, int height);
    const QList<StoredResult>& results() const { return m_results; }
    QListWidget* resultList() const { return m_list; }
    QComboBox* frameBox() const { return m_frames; }
    QSlider* opacitySlider() const { return m_opacity; }
    QLabel* detailsLabel() const { return m_details; }
    const CamOverlay& overlay() const { return m_overlay; }

    /// Where "Query PACS" retrieves to: one folder per Study Instance UID (the Query PACS
    /// dialog's cache). Without one, the button stays disabled.
    void setPacsCacheDir(const QString& dir);
    /// Re-reads the saved PACS nodes (QSettings, PacsNode::loadAll), keeping the chosen one.
    void reloadPacsNodes();
    /// The "Query PACS" action (what its button does).
    void queryPacs();
    /// Stops the running PACS query (and stops waiting for the keyring).
    void cancelPacsQuery();
    bool pacsQueryRunning() const { return m_pacsBusy; }
    QPushButton* queryPacsButton() const { return m_queryPacs; }
    QPushButton* cancelPacsButton() const { return m_cancelPacs; }
    QComboBox* pacsNodeBox() const { return m_pacsNodes; }
    QString statusText() const;

Q_SIGNALS:
    /// The stored heatmap to show (an empty overlay: none) and its label.
    void overlayChanged(const chexview::CamOverlay& overlay, const QString& label);
    /// A scan ended with `count` results for the current image.
    void scanFinished(int count);
    /// A PACS query for the current image ended: `listed` results shown, `error` "" or why it
    /// failed (as the status line says it).
    void pacsQueryFinished(int listed, const QString& error);

private:
    /// The results in `folder` other than `image` that reference `sopUid` (worker thread).
    static QList<StoredResult> scan(const QString& folder, const QString& image,
                                    const QString& sopUid);
    void showResults(const QList<StoredResult>& results);
    void updatePacsButtons();
    void startPacsJob(const PacsNode& node, quint64 generation);
    void finishPacs(const QString& status, const QString& error);
    void onScanned();
    void onResultSelected();
    void updateOverlay();

    QLabel* m_status = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_details = nullptr;
    QComboBox* m_frames = nullptr;
    QSlider* m_opacity = nullptr;
    QLabel* m_colourBar = nullptr;
    QFutureWatcher<QList<StoredResult>>* m_watcher = nullptr;
    QComboBox* m_pacsNodes = nullptr;
    QPushButton* m_queryPacs = nullptr;
    QPushButton* m_cancelPacs = nullptr;
    QFutureWatcher<void>* m_pacsWatcher = nullptr;
    QList<PacsNode> m_savedNodes;
    QString m_pacsCacheDir;
    CancelToken m_pacsCancel;     ///< the running PACS job's; a new one per job
    quint64 m_pacsGeneration = 0; ///< the current query; an older one's answers are dropped
    bool m_pacsBusy = false;
    bool m_pacsListed = false; ///< the list is a PACS query's: a late folder scan is dropped
    QList<StoredResult> m_results;
    CamOverlay m_overlay;
    QString m_path;
    QString m_sopUid;
    QString m_studyUid;
    int m_width = 0;
    int m_height = 0;
};

} // namespace chexview
