#pragma once

#include <QObject>
#include <QString>

class QLabel;
class QStatusBar;

namespace chexview {

class ElidedLabel;
class ImageView;

/// The viewer's status-bar readouts: the file line (elided to the bar's width, red for a file
/// that cannot be opened) and the permanent pixel, orientation, calibration, window and zoom
/// readouts, kept current from the ImageView's signals (the calibration from the measurement
/// layer, which MainWindow passes in). The labels keep the object names the tests look up:
/// fileStatus, pixelStatus, orientationStatus, calibrationStatus.
///
/// Thread contract: GUI thread only.
class ViewerStatusBar : public QObject
{
    Q_OBJECT
public:
    ViewerStatusBar(QStatusBar* bar, ImageView* view);

    /// "Loading NAME…"; the last image's pixel readout goes.
    void showLoading(const QString& name);
    /// The shown file's line; `toolTip` gives what does not fit (the decoder's warnings).
    void showFile(const QString& text, const QString& toolTip);
    /// A file that cannot be opened, in red.
    void showError(const QString& text);
    /// The file line in full (not elided).
    QString fileText() const;
    void setCalibration(const QString& text, const QString& toolTip);

private:
    void updateWindow();
    void updateOrientation();
    void updatePixel(bool valid, QPoint pos, int stored, double modality);

    ImageView* m_view;
    ElidedLabel* m_file;
    QLabel* m_pixel;
    QLabel* m_orientation;
    QLabel* m_calibration;
    QLabel* m_window;
    QLabel* m_zoom;
};

} // namespace chexview
