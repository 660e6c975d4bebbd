package org.sealpost.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SealPostApplication {

    public static void main(String[] args) {
        SpringApplication.run(SealPostApplication.class, args);
    }
}
