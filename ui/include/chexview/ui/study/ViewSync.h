#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

namespace chexview {

class ImageView;

/// Keeps image views on one camera and window (the compare-with-prior synchronization):
/// while enabled, a zoom, pan or window/invert change in one view is mirrored to the others.
/// Zoom is relative to each view's fit, pan puts the same relative image point at the centre
/// (the images may differ in size); the window is copied as is (both in modality units).
/// GUI thread only; the views are not owned.
class ViewSync : public QObject
{
    Q_OBJECT
public:
    explicit ViewSync(QObject* parent = nullptr);
    void addView(ImageView* view);
    void setEnabled(bool on);
    bool isEnabled() const { return m_enabled; }
    /// Mirrors `source`'s camera to the other views now (when enabled).
    void syncFrom(ImageView* source);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QList<QPointer<ImageView>> m_views;
    bool m_enabled = true;
    bool m_busy = false;
};

} // namespace chexview
