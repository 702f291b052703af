#pragma once

#include "chexview/model/CamRenderer.h"
#include "chexview/results/StoredResult.h"

#include <QFutureWatcher>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QSlider;

namespace chexview {

/// The AI results stored with the open image's study: the TID 1500 reports and Parametric Maps
/// in the image's folder (a PACS retrieve puts the whole study there) that reference this image,
/// whoever wrote them. A report shows its findings; a map's frame (one per finding) is offered as
/// an overlay (overlayChanged) with a colour bar and an opacity slider.
/// Thread contract: GUI thread only; the folder is scanned on a worker thread (QtConcurrent),
/// and a scan whose image is no longer the current one is dropped.
class StoredResultsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit StoredResultsPanel(QWidget* parent = nullptr);

    /// Looks for results of the image at `path` (a DICOM file; anything else lists nothing).
    void setImage(const QString& path, int width, int height);
    const QList<StoredResult>& results() const { return m_results; }
    QListWidget* resultList() const { return m_list; }
    QComboBox* frameBox() const { return m_frames; }
    QSlider* opacitySlider() const { return m_opacity; }
    QLabel* detailsLabel() const { return m_details; }
    const CamOverlay& overlay() const { return m_overlay; }

Q_SIGNALS:
    /// The stored heatmap to show (an empty overlay: none) and its label.
    void overlayChanged(const chexview::CamOverlay& overlay, const QString& label);
    /// A scan ended with `count` results for the current image.
    void scanFinished(int count);

private:
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
    QList<StoredResult> m_results;
    CamOverlay m_overlay;
    QString m_path;
    int m_width = 0;
    int m_height = 0;
};

} // namespace chexview
