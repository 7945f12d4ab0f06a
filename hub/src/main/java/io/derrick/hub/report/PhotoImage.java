package io.derrick.hub.report;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A photo as uploaded, checked and made into an upright thumbnail. The type comes from the content (the JPEG or PNG
 * signature), never from a name or a header; the picture's size is read from its header and refused above the limit
 * before a pixel is decoded (a few kilobytes can claim a picture of gigabytes); the EXIF orientation (read with
 * TwelveMonkeys) turns the thumbnail upright (Thumbnailator's filters).
 */
final class PhotoImage {
    static final int THUMBNAIL = 320;

    enum Type {
        JPEG("image/jpeg", "jpg"), PNG("image/png", "png");

        final String mediaType;
        final String extension;

        Type(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        static Type ofMediaType(String mediaType) {
            return mediaType.equals(PNG.mediaType) ? PNG : JPEG;
        }
    }

    /** Why an upload is refused: the message names what is wrong with the file, for the person who chose it. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** What was checked and made: the type, the upright size, the EXIF orientation (1: none) and the thumbnail's bytes. */
    record Checked(Type type, int width, int height, int orientation, byte[] thumbnail) {
    }

    private PhotoImage() {
    }

    static Type type(byte[] bytes) throws Refused {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return Type.JPEG;
        }
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G'
                && bytes[4] == 0x0d && bytes[5] == 0x0a && bytes[6] == 0x1a && bytes[7] == 0x0a) {
            return Type.PNG;
        }
        String start = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(8, bytes.length));
        throw new Refused("not a JPEG or PNG picture: its content starts with " + (start.isEmpty() ? "nothing" : start)
                + ", whatever its name says");
    }

    /**
     * Checks a photo and makes its thumbnail.
     *
     * @param maxPixels the largest picture (width × height) decoded
     */
    static Checked check(byte[] bytes, long maxPixels) throws Refused {
        Type type = type(bytes);
        int width;
        int height;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.name().toLowerCase(Locale.ROOT));
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new Refused("a damaged " + type + " file: its header cannot be read (" + e.getMessage() + ")");
        }
        if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
            throw new Refused(String.format(Locale.ROOT, "a picture of %d × %d pixels (%.0f megapixels) is larger than the %.0f megapixels "
                    + "a photo may have (reports.photos.maxMegapixels)", width, height, width * (double) height / 1e6, maxPixels / 1e6));
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new Refused("a damaged " + type + " file: " + e.getMessage());
        }
        if (image == null) {
            throw new Refused("a " + type + " file no reader here can decode");
        }
        int orientation = type == Type.JPEG ? orientation(bytes) : 1;
        ByteArrayOutputStream thumb = new ByteArrayOutputStream();
        try {
            Thumbnails.Builder<BufferedImage> b = Thumbnails.of(image).size(THUMBNAIL, THUMBNAIL).outputFormat(type.extension);
            if (orientation > 1) {
                b.addFilter(ExifFilterUtils.getFilterForOrientation(Orientation.typeOf(orientation)));
            }
            if (type == Type.JPEG) {
                b.outputQuality(0.85);
            }
            b.toOutputStream(thumb);
        } catch (IOException e) {
            throw new Refused("the thumbnail could not be made: " + e.getMessage());
        }
        boolean turned = orientation >= 5;          // 5 to 8: a quarter turn, width and height swap
        return new Checked(type, turned ? height : width, turned ? width : height, orientation, thumb.toByteArray());
    }

    /** The EXIF orientation of a JPEG (1 to 8), 1 when it has none or it cannot be read. */
    static int orientation(byte[] jpeg) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return 1;
            }
            try (InputStream data = exif.getFirst().data()) {
                data.read();                                     // the pad byte after "Exif\0"
                try (ImageInputStream tiff = ImageIO.createImageInputStream(data)) {
                    Directory dir = new TIFFReader().read(tiff);
                    Entry entry = dir.getEntryById(TIFF.TAG_ORIENTATION);
                    if (entry != null && entry.getValue() instanceof Number n && n.intValue() >= 1 && n.intValue() <= 8) {
                        return n.intValue();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable EXIF segment: the picture as it is stored
        }
        return 1;
    }
}
