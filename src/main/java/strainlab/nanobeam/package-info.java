/**
 * NanobeamNN, the second system of StrainLab: scanning X-ray nanodiffraction of an epitaxial film with a
 * zone-plate-focused beam. {@code sim} simulates the 64×64 detector images and the 41×41×41 library,
 * {@code net} holds the 2-D CNN (DJL), {@code correlate} the correlation-fitting baseline of the paper, and
 * {@code maps} the simulated strain/tilt maps of the paper's figures 2, 3 and S3.
 */
package strainlab.nanobeam;
